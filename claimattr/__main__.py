"""``python -m claimattr``: the command line (see :mod:`claimattr.cli`)."""

import sys

from claimattr.cli import main

sys.exit(main())
