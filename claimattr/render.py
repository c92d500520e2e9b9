"""Right-to-left HTML of annotated articles, for notebooks and standalone files (like displaCy).

:func:`render` turns one :class:`~claimattr.doc.Document` or several into HTML: the article text
right to left, every claim highlighted in its speaker's colour (one colour per entity, the same in
every document and every run), the speaker's mention boxed, the cue underlined, a stance badge at
the end of each claim, and the claim's speaker, stance and confidence on hover. Jupyter shows a
Document this way by itself (``Document._repr_html_``); :func:`save_html` writes a page.

The article is untrusted input (scraped pages): every piece of text and every attribute is
escaped, and a saved page carries a Content-Security-Policy that forbids scripts, fetches and
external resources, so opening it runs nothing and loads nothing. No external fonts or scripts
are used. Claims, mentions and cues may overlap or nest: elements are closed and reopened where
spans cross, so the markup stays well formed and each span's fragments together cover its text.
"""

from __future__ import annotations

import html
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from claimattr.doc import Claim, Document
from claimattr.errors import FormatError, InputError

#: Badge colours of the stance labels (also used by :mod:`claimattr.plots`).
STANCE_COLORS = {"oppose": "#c0392b", "support": "#1e7d4f", "neutral": "#7f8c8d"}
#: Nesting order of marks that cover the same characters: claim outside, speaker, cue inside.
_ROLES = ("claim", "speaker", "cue")
_FONTS = '"Noto Naskh Arabic", "Noto Sans Arabic", "Amiri", "Arial", "DejaVu Sans", sans-serif'
_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
_CSS = f"""
.claimattr {{ direction: rtl; text-align: right; font-family: {_FONTS}; color: #222;
  line-height: 2.2; unicode-bidi: isolate; }}
.claimattr .ca-doc {{ background: #fff; border: 1px solid #ddd; border-radius: 6px;
  padding: .6em 1em; margin: 0 0 1.2em 0; }}
.claimattr .ca-head {{ font-size: .85em; color: #555; border-bottom: 1px solid #eee;
  margin-bottom: .4em; line-height: 1.6; }}
.claimattr .ca-meta {{ unicode-bidi: isolate; margin-inline-end: 1em; white-space: nowrap; }}
.claimattr .ca-text {{ white-space: pre-wrap; font-size: 1.1em; unicode-bidi: isolate; }}
.claimattr .ca-claim {{ color: inherit; border-radius: 3px; padding: .15em 0;
  -webkit-box-decoration-break: clone; box-decoration-break: clone; }}
.claimattr .ca-claim:hover {{ outline: 1px solid #444; }}
.claimattr .ca-speaker {{ border-radius: 4px; font-weight: bold; }}
.claimattr .ca-cue {{ text-underline-offset: .4em; }}
.claimattr .ca-badge {{ font-family: sans-serif; font-size: .65em; color: #fff;
  border-radius: 1em; padding: .1em .5em; margin-inline-start: .3em; white-space: nowrap;
  vertical-align: middle; user-select: none; unicode-bidi: isolate; }}
.claimattr .ca-legend {{ font-size: .85em; border-top: 1px solid #eee; margin-top: .5em;
  line-height: 2; }}
.claimattr .ca-key {{ display: inline-block; border-radius: 3px; padding: 0 .4em;
  margin-inline-end: .6em; unicode-bidi: isolate; }}
"""


@dataclass(frozen=True)
class _Mark:
    """One highlighted span: a claim, a speaker mention or a cue (shared by ``claims``)."""

    start: int
    end: int
    role: str
    claims: tuple[int, ...]

    @property
    def order(self) -> tuple[int, int, int]:
        """Sort key: by start, outer (longer) spans first, then by role."""
        return (self.start, -self.end, _ROLES.index(self.role))


def speaker_hue(entity: str) -> int:
    """The hue (0-359) of an entity's colour: a stable hash of its id, so an entity has the same
    colour in every document, notebook and run."""
    return zlib.crc32(entity.encode("utf-8")) % 360


def speaker_colors(entity: str) -> tuple[str, str]:
    """``(background, foreground)`` CSS colours of an entity: a light tint for the claims it
    makes and a dark shade of the same hue for borders and underlines."""
    hue = speaker_hue(entity)
    return f"hsl({hue}, 75%, 86%)", f"hsl({hue}, 65%, 32%)"


def to_html(docs: Document | Iterable[Document], page: bool = False, title: str = "claimattr") -> str:
    """HTML of one Document or several: right to left, claims highlighted (see the module doc).

    ``page=False`` gives a fragment for Jupyter (``IPython.display.HTML(to_html(docs))``);
    ``page=True`` a complete standalone page titled ``title``. Raises
    :class:`~claimattr.errors.FormatError` when a claim's span does not fit its article.
    """
    docs = as_documents(docs, "to_html()")
    body = f'<div class="claimattr" dir="rtl" lang="ar">{"".join(_document(d) for d in docs)}</div>'
    if not page:
        return f"<style>{_CSS}</style>{body}"
    return (
        '<!DOCTYPE html>\n<html lang="ar" dir="rtl"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_esc(title)}</title><style>body {{ margin: 1.5em; background: #f6f6f6; }}"
        f"{_CSS}</style></head><body>{body}</body></html>\n"
    )


def save_html(docs: Document | Iterable[Document], path: str | Path, title: str = "claimattr") -> Path:
    """Write :func:`render`'s standalone page of ``docs`` to ``path`` (UTF-8); returns the path."""
    path = Path(path)
    path.write_text(to_html(docs, page=True, title=title), encoding="utf-8")
    return path


def as_documents(docs: Document | Iterable[Document], caller: str) -> list[Document]:
    """``docs`` (one Document or an iterable of them) as a list; raises InputError naming
    ``caller`` for anything else, such as raw text."""
    if isinstance(docs, Document):
        return [docs]
    if isinstance(docs, (str, bytes)) or not isinstance(docs, Iterable):
        raise InputError(f"{caller} takes a Document or an iterable of Documents, not "
                         f"{type(docs).__name__}; annotate text first: doc = nlp(text)")
    docs = list(docs)
    for doc in docs:
        if not isinstance(doc, Document):
            raise InputError(f"{caller} got a {type(doc).__name__} among the documents; pass "
                             "only claimattr Documents (the results of nlp(text) or read_corpus)")
    return docs


def _esc(value: object) -> str:
    """Text or attribute value, escaped for HTML (quotes included)."""
    return html.escape(str(value), quote=True)


# -- one document -------------------------------------------------------------------------------
def _document(doc: Document) -> str:
    """The block of one document: header, marked-up text, speaker legend."""
    marks = _marks(doc)
    return (
        f'<div class="ca-doc" data-doc="{_esc(doc.doc_id)}">{_header(doc)}'
        f'<div class="ca-text" dir="rtl">{_markup(doc, marks)}</div>{_legend(doc)}</div>'
    )


def _header(doc: Document) -> str:
    """Document id, the title/outlet/date of its meta when present, and counts."""
    parts = [doc.doc_id] + [str(doc.meta[k]) for k in ("title", "outlet", "date") if doc.meta.get(k)]
    n = len(doc.claims)
    counts = f"{n} claim{'s' if n != 1 else ''}, {len(doc.speakers)} speaker{'s' if len(doc.speakers) != 1 else ''}"
    items = "".join(f'<span class="ca-meta">{_esc(p)}</span>' for p in parts if p)
    return f'<div class="ca-head">{items}<span class="ca-meta" dir="ltr">{counts}</span></div>'


def _legend(doc: Document) -> str:
    """One key per speaker (in its colour, with its number of claims) and the stance badges."""
    if not doc.claims:
        return ""
    keys = []
    for entity in doc.speakers:
        claims = [c for c in doc.claims if c.speaker.entity == entity]
        background, foreground = speaker_colors(entity)
        keys.append(f'<span class="ca-key" data-entity="{_esc(entity)}" title="{_esc(entity)}" '
                    f'style="background:{background};border:1px solid {foreground}">'
                    f'{_esc(_speaker_label(claims[0]))} &#215;{len(claims)}</span>')
    stances = "".join(_badge(s) for s in STANCE_COLORS)
    return f'<div class="ca-legend">{"".join(keys)}<span class="ca-meta">{stances}</span></div>'


def _speaker_label(claim: Claim) -> str:
    """A readable name of a claim's speaker: its name, else its entity id, else 'unknown'."""
    return claim.speaker.name or claim.speaker.entity or "unknown"


def _badge(stance: str) -> str:
    color = STANCE_COLORS.get(stance, "#555")
    return f'<span class="ca-badge" dir="ltr" style="background:{color}">{_esc(stance)}</span>'


# -- marks --------------------------------------------------------------------------------------
def _marks(doc: Document) -> list[_Mark]:
    """Every claim, speaker mention and cue of ``doc`` as marks in document order; a mention or
    cue shared by several claims is one mark."""
    shared: dict[tuple[int, int, str], list[int]] = {}
    marks = []
    for i, claim in enumerate(doc.claims):
        _check_span(doc, claim, "", claim.start, claim.end)
        marks.append(_Mark(claim.start, claim.end, "claim", (i,)))
        for role, span in (("speaker", claim.speaker.mention), ("cue", claim.cue)):
            if span is not None:
                _check_span(doc, claim, f" {role}", span.start, span.end)
                shared.setdefault((span.start, span.end, role), []).append(i)
    marks += [_Mark(s, e, role, tuple(ids)) for (s, e, role), ids in shared.items()]
    return sorted(marks, key=lambda m: m.order)


def _check_span(doc: Document, claim: Claim, what: str, start: int, end: int) -> None:
    if not 0 <= start < end <= len(doc.text):
        raise FormatError(
            f"document {doc.doc_id!r} claim {claim.id!r}{what}: span {start}:{end} is not a "
            f"non-empty range inside the text of {len(doc.text)} characters; check the document "
            "with claimattr.corpora.validate(doc)"
        )


def _markup(doc: Document, marks: Sequence[_Mark]) -> str:
    """The article text with ``marks`` as nested elements.

    Walks the span boundaries left to right with a stack of open marks. When a mark ends while
    marks opened after it are still open (crossing spans), those are closed and reopened after
    it, so the output is well-formed and each mark is one or more adjacent fragments.
    """
    text = doc.text
    starting: dict[int, list[_Mark]] = {}
    for mark in marks:
        starting.setdefault(mark.start, []).append(mark)
    bounds = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    out: list[str] = []
    stack: list[_Mark] = []
    for pos, nxt in zip(bounds, bounds[1:] + [len(text)]):
        reopen = []
        while any(m.end == pos for m in stack):
            mark = stack.pop()
            out.append(_close(doc, mark, final=mark.end == pos))
            if mark.end != pos:
                reopen.append(mark)
        for mark in [*reversed(reopen), *starting.get(pos, [])]:
            out.append(_open(doc, mark))
            stack.append(mark)
        out.append(_esc(text[pos:nxt]))
    return "".join(out)


def _open(doc: Document, mark: _Mark) -> str:
    """The opening tag of one fragment of ``mark``."""
    claims = [doc.claims[i] for i in mark.claims]
    entity = claims[0].speaker.entity
    background, foreground = speaker_colors(entity)
    if mark.role == "claim":
        claim = claims[0]
        return (f'<mark class="ca-claim" data-claim="{mark.claims[0]}" data-id="{_esc(claim.id)}" '
                f'data-entity="{_esc(entity)}" data-stance="{_esc(claim.stance or "")}" '
                f'data-confidence="{claim.confidence:.2f}" title="{_esc(_claim_title(claim))}" '
                f'style="background:{background}">')
    ids = " ".join(str(i) for i in mark.claims)
    names = ", ".join(dict.fromkeys(_speaker_label(c) for c in claims))
    if mark.role == "speaker":
        entities = ", ".join(dict.fromkeys(c.speaker.entity for c in claims))
        return (f'<span class="ca-speaker" data-claims="{ids}" data-entity="{_esc(entity)}" '
                f'title="{_esc(f"speaker: {names} [{entities}]")}" '
                f'style="border:2px solid {foreground};color:{foreground}">')
    return (f'<span class="ca-cue" data-claims="{ids}" title="{_esc(f"cue of {names}")}" '
            f'style="text-decoration:underline 2px {foreground}">')


def _close(doc: Document, mark: _Mark, final: bool) -> str:
    """The closing tag of one fragment; a claim's last fragment ends with its stance badge."""
    if mark.role != "claim":
        return "</span>"
    stance = doc.claims[mark.claims[0]].stance
    return f"{_badge(stance) if final and stance else ''}</mark>"


def _claim_title(claim: Claim) -> str:
    """The hover text of a claim: speaker, kind, stance with its probability, confidence."""
    stance = claim.stance or "no stance"
    if claim.stance and claim.stance in claim.stance_scores:
        stance += f" (p={claim.stance_scores[claim.stance]:.2f})"
    return (f"{claim.id}: {_speaker_label(claim)} [{claim.speaker.entity}], {claim.kind}, "
            f"stance: {stance}, confidence: {claim.confidence:.2f}")
