"""The rendered HTML in a real browser: headless Chromium lays the page out, a probe script reports
the text direction, the highlight of every claim and whether the article's own markup ran, and a
screenshot of the page as shipped is saved under ``test-artifacts/`` (``$CLAIMATTR_TEST_ARTIFACTS``).

Skipped when no Chromium binary is found (install Debian's ``chromium``; ``.ci/run`` does), except
under CI (``CI`` set), where a missing browser is a failure.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from claimattr.corpora import read_corpus, repo_root
from claimattr.doc import Claim, Document, Span, Speaker
from claimattr.render import to_html

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "chrome")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--hide-scrollbars", "--window-size=1200,1600")
HOSTILE = 'قال المصدر إن "<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">" انتهى.'

PROBE = """<script>
(function () {
  const out = {page: getComputedStyle(document.documentElement).direction,
               pwned: window.__pwned || 0, images: document.images.length, docs: []};
  for (const doc of document.querySelectorAll('.ca-doc')) {
    const body = doc.querySelector('.ca-text');
    const claims = {};
    for (const mark of doc.querySelectorAll('mark.ca-claim')) {
      const c = claims[mark.dataset.claim] ||= {text: '', highlighted: true, visible: false, who: ''};
      const copy = mark.cloneNode(true);
      copy.querySelectorAll('.ca-badge, .ca-who').forEach(b => b.remove());
      for (const who of mark.querySelectorAll(':scope > .ca-who')) {
        const r = who.getBoundingClientRect();
        if (r.width > 0 && r.height > 0) c.who += who.textContent;
      }
      c.text += copy.textContent;
      const bg = getComputedStyle(mark).backgroundColor;
      if (bg === 'transparent' || bg === 'rgba(0, 0, 0, 0)') c.highlighted = false;
      const box = mark.getBoundingClientRect();
      if (box.width > 0 && box.height > 0) c.visible = true;
    }
    const node = document.createTreeWalker(body, NodeFilter.SHOW_TEXT).nextNode();
    const box = (i) => { const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1);
                         return r.getBoundingClientRect(); };
    out.docs.push({doc: doc.dataset.doc, direction: getComputedStyle(body).direction,
                   first_right: box(0).right, third_right: box(2).right, claims: claims,
                   badges: body.querySelectorAll('.ca-badge').length});
  }
  const pre = document.createElement('pre');
  pre.id = 'probe';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
</script>"""


def chromium() -> str:
    """The Chromium binary, or skip (fail under CI) when there is none."""
    found = os.environ.get("CHROMIUM") or next(filter(None, map(shutil.which, BROWSERS)), None)
    if not found:
        reason = "no Chromium binary found (apt-get install chromium, or set $CHROMIUM)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; .ci/run must install it")
        pytest.skip(reason)
    return found


def run_browser(tmp_path: Path, page: Path, *args: str) -> str:
    """Open ``page`` in a fresh headless profile with ``args``; its standard output."""
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    command = [chromium(), *FLAGS, f"--user-data-dir={profile}", *args, page.as_uri()]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def dom_with_probe(tmp_path: Path, page: str, name: str) -> str:
    """The DOM Chromium builds from ``page`` with the probe script added at the end."""
    path = tmp_path / f"{name}.html"
    path.write_text(page.replace("</body>", PROBE + "</body>"), encoding="utf-8")
    return run_browser(tmp_path, path, "--dump-dom")


def probe(dom: str) -> dict | None:
    found = re.search(r'<pre id="probe">(.*?)</pre>', dom, re.S)
    if not found:
        return None
    return json.loads(found.group(1).replace("&quot;", '"').replace("&lt;", "<")
                      .replace("&gt;", ">").replace("&amp;", "&"))


def documents() -> list[Document]:
    """The seeds with their gold claims, plus an article whose text is hostile markup."""
    start = HOSTILE.index('"') + 1
    end = HOSTILE.index('" انتهى')
    hostile = Document(HOSTILE, doc_id="hostile", claims=[Claim(
        "c1", start, end, HOSTILE[start:end], "direct", Speaker("other:المصدر", mention=Span.of(HOSTILE, 4, 10)),
        cue=Span.of(HOSTILE, 0, 3), stance="neutral", confidence=0.3)])
    return read_corpus(repo_root() / "corpora" / "seeds") + [hostile]


@pytest.fixture(scope="module")
def artifacts() -> Path:
    folder = Path(os.environ.get("CLAIMATTR_TEST_ARTIFACTS") or repo_root() / "test-artifacts")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_page_is_rtl_and_every_claim_highlighted_in_chromium(tmp_path, artifacts):
    docs = documents()
    page = to_html(docs, page=True, title="claimattr browser test")
    shipped = artifacts / "render.html"
    shipped.write_text(page, encoding="utf-8")
    screenshot = artifacts / "render.png"
    run_browser(tmp_path, shipped, f"--screenshot={screenshot}")
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and screenshot.stat().st_size > 10_000
    # The page's policy forbids scripts: the probe added to it must not run...
    assert probe(dom_with_probe(tmp_path, page, "guarded")) is None
    # ...so it runs on a copy without the policy line, otherwise identical.
    without_policy = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", page)
    assert without_policy != page
    result = probe(dom_with_probe(tmp_path, without_policy, "probed"))
    assert result is not None, "the probe script did not run"
    assert result["page"] == "rtl"
    assert result["pwned"] == 0 and result["images"] == 0
    assert [d["doc"] for d in result["docs"]] == [d.doc_id for d in docs]
    for doc, seen in zip(docs, result["docs"]):
        assert seen["direction"] == "rtl"
        assert seen["first_right"] > seen["third_right"], f"{doc.doc_id} is not laid out right to left"
        assert set(seen["claims"]) == {str(i) for i in range(len(doc.claims))}
        for i, claim in enumerate(doc.claims):
            shown = seen["claims"][str(i)]
            assert shown["highlighted"] and shown["visible"], f"{doc.doc_id} {claim.id} not highlighted"
            assert shown["text"] == doc.text[claim.start:claim.end]
            assert shown["who"] == (claim.speaker.name or claim.speaker.entity), "speaker name not shown"
        assert seen["badges"] == sum(1 for c in doc.claims if c.stance)


FILTER_PROBE = """<script>
(function () {
  const out = [];
  for (const doc of document.querySelectorAll('.ca-doc')) {
    const marks = [...doc.querySelectorAll('mark.ca-claim')];
    const coloured = marks.filter(m => !['transparent', 'rgba(0, 0, 0, 0)'].includes(getComputedStyle(m).backgroundColor));
    out.push({doc: doc.dataset.doc, shown: getComputedStyle(doc).display !== 'none',
              coloured: [...new Set(coloured.map(m => m.dataset.entity))]});
  }
  const pre = document.createElement('pre');
  pre.id = 'probe';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
</script>"""


def test_the_speaker_filter_of_the_index_shows_only_that_speaker_in_chromium(tmp_path):
    docs = documents()
    page = to_html(docs, page=True)
    counts = {}
    for doc in docs:
        for claim in doc.claims:
            counts[claim.speaker.entity] = counts.get(claim.speaker.entity, 0) + 1
    chosen = next(e for e, _ in sorted(counts.items(), key=lambda kv: -kv[1])
                  if sum(any(c.speaker.entity == e for c in d.claims) for d in docs) < len(docs))
    number = re.search(r'ca-claim ca-s(\d+)"[^>]* data-entity="' + re.escape(chosen), page).group(1)
    # The filter is chosen as a click would choose it: its radio button checked instead of "all".
    checked = page.replace('id="ca-all" checked>', 'id="ca-all">').replace(
        f'id="ca-f{number}">', f'id="ca-f{number}" checked>')
    checked = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", checked)
    path = tmp_path / "filtered.html"
    path.write_text(checked.replace("</body>", FILTER_PROBE + "</body>"), encoding="utf-8")
    seen = probe(run_browser(tmp_path, path, "--dump-dom"))
    assert seen is not None
    for doc, shown in zip(docs, seen):
        has = any(c.speaker.entity == chosen for c in doc.claims)
        assert shown["shown"] == has, doc.doc_id
        if has:
            assert shown["coloured"] == [chosen], "other speakers' claims keep their colour"
