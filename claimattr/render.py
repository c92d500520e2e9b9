"""Right-to-left HTML of annotated articles, for notebooks and standalone files (like displaCy).

:func:`to_html` turns one :class:`~claimattr.doc.Document` or several into HTML: the article text
right to left, every claim highlighted in its speaker's colour, the speaker's mention boxed, the
cue underlined, and at the end of each claim its speaker's name and a stance badge; the claim's
speaker, kind, stance probability, confidence, the pattern that found it and the stance rules
that fired show on hover. Jupyter shows a Document this way by itself
(``Document._repr_html_``). :class:`HtmlPage` writes a standalone page for runs of any size,
one document at a time: an index on top lists the speakers (most quoted first) to filter the
page by, and the documents with links to them. :func:`save_html` writes such a page.

Colours come from a :class:`Palette` per page (or per ``to_html`` call): the k-th speaker met gets
the k-th hue of the golden-angle sequence, so the speakers of a page, most of all the first
ones, get hues far apart; a hash of the entity id (the same colour everywhere) put distinct
speakers of one article on nearly the same hue too often. The name shown on every claim says
who it is whatever the colour.

The article is untrusted input (scraped pages): every piece of text and every attribute is
escaped, lone surrogates (possible in a Python ``str``, never in UTF-8) become U+FFFD, and a
saved page carries a Content-Security-Policy that forbids scripts, fetches and external
resources, so opening it runs nothing and loads nothing. The speaker filter is CSS only (radio
buttons and ``:has()``). No external fonts or scripts are used. Claims, mentions and cues may
overlap or nest: elements are closed and reopened where spans cross, so the markup stays well
formed and each span's fragments together cover its text.
"""

from __future__ import annotations

import html
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence, TextIO

from claimattr.doc import STANCES, Claim, Document
from claimattr.errors import FormatError, InputError

#: Badge colours of the stance labels (also used by :mod:`claimattr.plots`).
STANCE_COLORS = {"oppose": "#c0392b", "support": "#1e7d4f", "neutral": "#7f8c8d"}
#: Degrees between the hues of consecutive speakers: the golden angle spreads any number of them.
GOLDEN_ANGLE = 137.508
#: (saturation %, lightness %) of claim backgrounds, taken in turn every 12 speakers so that
#: speakers whose hues come close again differ in shade.
_SHADES = ((75, 86), (55, 78), (90, 92))
#: Speakers the index of a page offers as filters (the most quoted ones).
MAX_FILTERS = 500
#: Nesting order of marks that cover the same characters: claim outside, speaker, cue inside.
_ROLES = ("claim", "speaker", "cue")
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
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
.claimattr .ca-badge, .claimattr .ca-who {{ font-family: sans-serif; font-size: .65em; color: #fff;
  border-radius: 1em; padding: .1em .5em; margin-inline-start: .3em; white-space: nowrap;
  vertical-align: middle; user-select: none; unicode-bidi: isolate; }}
.claimattr .ca-who {{ font-weight: bold; }}
.claimattr .ca-legend {{ font-size: .85em; border-top: 1px solid #eee; margin-top: .5em;
  line-height: 2; }}
.claimattr .ca-key {{ display: inline-block; border-radius: 3px; padding: 0 .4em;
  margin-inline-end: .6em; unicode-bidi: isolate; cursor: pointer; }}
"""
_PAGE_CSS = """
body { margin: 1.5em; background: #f6f6f6; }
.claimattr.ca-page { display: flex; flex-direction: column; }
.claimattr .ca-index { order: -1; background: #fff; border: 1px solid #ddd; border-radius: 6px;
  padding: .6em 1em; margin: 0 0 1.2em 0; line-height: 2; }
.claimattr .ca-index input { position: absolute; opacity: 0; pointer-events: none; }
.claimattr .ca-filters { max-height: 14em; overflow-y: auto; }
.claimattr .ca-toc { max-height: 20em; overflow-y: auto; font-size: .9em; line-height: 1.8; }
.claimattr .ca-toc a { color: #1a4f8b; }
.claimattr:has(#ca-all:checked) label[for=ca-all] { outline: 2px solid #222; }
"""


class Palette:
    """The colours of the speakers of one page: the k-th entity asked for gets the hue
    ``k * GOLDEN_ANGLE`` (mod 360) and a shade from :data:`_SHADES` (see the module doc)."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}

    def number(self, entity: str) -> int:
        """The entity's number on this page, given in order of first request."""
        return self.numbers.setdefault(entity, len(self.numbers))

    def colors(self, entity: str) -> tuple[str, str]:
        """``(background, foreground)`` CSS colours of an entity: a light tint for its claims and
        a dark shade of the same hue for borders, underlines and its name."""
        k = self.number(entity)
        hue = round(k * GOLDEN_ANGLE % 360, 1)
        saturation, lightness = _SHADES[k // 12 % len(_SHADES)]
        return f"hsl({hue}, {saturation}%, {lightness}%)", f"hsl({hue}, 65%, 30%)"


def to_html(docs: Document | Iterable[Document], page: bool = False, title: str = "claimattr") -> str:
    """HTML of one Document or several: right to left, claims highlighted (see the module doc).

    ``page=False`` gives a fragment for Jupyter (``IPython.display.HTML(to_html(docs))``);
    ``page=True`` a complete standalone page titled ``title``, with the index of
    :class:`HtmlPage`. Raises :class:`~claimattr.errors.FormatError` when a claim's span does
    not fit its article.
    """
    docs = as_documents(docs, "to_html()")
    if page:
        out = io.StringIO()
        with HtmlPage(out, title=title) as writer:
            for doc in docs:
                writer.add(doc)
        return out.getvalue()
    palette = Palette()
    body = "".join(_document(d, palette, i) for i, d in enumerate(docs))
    return f'<style>{_CSS}</style><div class="claimattr" dir="rtl" lang="ar">{body}</div>'


def save_html(docs: Document | Iterable[Document], path: str | Path, title: str = "claimattr") -> Path:
    """Write the standalone page of ``docs`` (see :class:`HtmlPage`) to ``path``; returns the path."""
    with HtmlPage(path, title=title) as writer:
        for doc in as_documents(docs, "save_html()"):
            writer.add(doc)
    return Path(path)


@dataclass
class _Speaker:
    """What the index of a page knows of a speaker."""

    name: str
    claims: int = 0
    stances: Counter[str] = field(default_factory=Counter)


class HtmlPage:
    """A standalone right-to-left page written one document at a time, so that a run of any size
    renders in constant memory (the index keeps a line per document and per speaker).

    ``target`` is a path (written as UTF-8) or an open text stream. :meth:`add` writes a
    document; :meth:`close` writes the index (shown on top): the speakers, most quoted first
    (up to :data:`MAX_FILTERS`), each a filter that shows only the documents and claims of that
    speaker, and the list of documents with links. Usable as a context manager.
    """

    def __init__(self, target: str | Path | TextIO, title: str = "claimattr") -> None:
        self.path = None if hasattr(target, "write") else Path(target)
        self.stream: TextIO = open(self.path, "w", encoding="utf-8") if self.path else target  # type: ignore[arg-type]
        self.palette = Palette()
        self.speakers: dict[str, _Speaker] = {}
        self.toc: list[str] = []
        self.stream.write(
            '<!DOCTYPE html>\n<html lang="ar" dir="rtl"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{_esc(title)}</title><style>{_CSS}{_PAGE_CSS}</style></head><body>"
            '<div class="claimattr ca-page" dir="rtl" lang="ar">')

    def add(self, doc: Document) -> None:
        """Write one document and note its speakers and its line for the index."""
        number = len(self.toc)
        self.stream.write(_document(doc, self.palette, number))
        for claim in doc.claims:
            speaker = self.speakers.setdefault(claim.speaker.entity, _Speaker(_speaker_label(claim)))
            speaker.claims += 1
            speaker.stances[claim.stance or "none"] += 1
        label = " · ".join(str(doc.meta[k]) for k in ("title", "outlet", "date") if doc.meta.get(k))
        n = len(doc.claims)
        self.toc.append(f'<li class="ca-item {_speaker_classes(doc, self.palette)}"><a href="#ca-doc-{number}">'
                        f'{_esc(doc.doc_id)}</a> {_esc(label)} <span dir="ltr">({n} claim{"s" * (n != 1)})</span></li>')

    def close(self) -> None:
        """Write the index and end the page (closing the file when the page opened it)."""
        self.stream.write(f"{self._index()}<style>{self._filter_css()}</style></div></body></html>\n")
        if self.path:
            self.stream.close()

    def __enter__(self) -> HtmlPage:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _filters(self) -> list[tuple[str, _Speaker]]:
        ranked = sorted(self.speakers.items(), key=lambda item: (-item[1].claims, item[0]))
        return ranked[:MAX_FILTERS]

    def _index(self) -> str:
        claims = sum(s.claims for s in self.speakers.values())
        keys = ['<input type="radio" name="ca-filter" id="ca-all" checked>'
                '<label class="ca-key" for="ca-all" style="border:1px solid #888">all speakers</label>']
        for entity, speaker in self._filters():
            k = self.palette.number(entity)
            background, foreground = self.palette.colors(entity)
            stances = ", ".join(f"{s} {speaker.stances[s]}" for s in (*STANCES, "none") if speaker.stances[s])
            keys.append(f'<input type="radio" name="ca-filter" id="ca-f{k}">'
                        f'<label class="ca-key" for="ca-f{k}" title="{_esc(f"{entity}: {stances}")}" '
                        f'style="background:{background};border:1px solid {foreground}">'
                        f'{_esc(speaker.name)} &#215;{speaker.claims}</label>')
        hidden = len(self.speakers) - len(self._filters())
        more = f' <span class="ca-meta">(and {hidden:,} speakers with fewer claims)</span>' if hidden else ""
        return (f'<div class="ca-index"><div class="ca-head" dir="ltr">{len(self.toc):,} documents, {claims:,} claims, '
                f'{len(self.speakers):,} speakers: show the claims of one speaker</div>'
                f'<div class="ca-filters">{"".join(keys)}{more}</div>'
                f'<ol class="ca-toc" dir="rtl">{"".join(self.toc)}</ol></div>')

    def _filter_css(self) -> str:
        """CSS rules that, when a speaker's filter is checked, hide the documents without that
        speaker, clear the colour of other speakers' claims and outline the chosen filter."""
        numbers = [self.palette.number(entity) for entity, _ in self._filters()]
        if not numbers:
            return ""
        on = [f".claimattr:has(#ca-f{k}:checked)" for k in numbers]
        hide = ", ".join(f"{sel} .ca-item:not(.ca-s{k})" for sel, k in zip(on, numbers))
        fade = ", ".join(f"{sel} .ca-claim:not(.ca-s{k})" for sel, k in zip(on, numbers))
        mark = ", ".join(f"{sel} label[for=ca-f{k}]" for sel, k in zip(on, numbers))
        return (f"{hide} {{ display: none; }} {fade} {{ background: transparent !important; }} "
                f"{mark} {{ outline: 2px solid #222; }}")


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
    """Text or attribute value, escaped for HTML (quotes included), lone surrogates replaced."""
    return _SURROGATE_RE.sub("\ufffd", html.escape(str(value), quote=True))


# -- one document -------------------------------------------------------------------------------
def _document(doc: Document, palette: Palette, number: int) -> str:
    """The block of one document: header, marked-up text, speaker legend."""
    marks = _marks(doc)
    return (
        f'<div class="ca-doc ca-item {_speaker_classes(doc, palette)}" id="ca-doc-{number}" '
        f'data-doc="{_esc(doc.doc_id)}">{_header(doc)}'
        f'<div class="ca-text" dir="rtl">{_markup(doc, marks, palette)}</div>{_legend(doc, palette)}</div>'
    )


def _speaker_classes(doc: Document, palette: Palette) -> str:
    """The class of each speaker of ``doc`` (``ca-s<number>``), for the page's filters."""
    return " ".join(f"ca-s{palette.number(entity)}" for entity in doc.speakers)


def _header(doc: Document) -> str:
    """Document id, the title/outlet/date of its meta when present, and counts."""
    parts = [doc.doc_id] + [str(doc.meta[k]) for k in ("title", "outlet", "date") if doc.meta.get(k)]
    n = len(doc.claims)
    counts = f"{n} claim{'s' if n != 1 else ''}, {len(doc.speakers)} speaker{'s' if len(doc.speakers) != 1 else ''}"
    items = "".join(f'<span class="ca-meta">{_esc(p)}</span>' for p in parts if p)
    return f'<div class="ca-head">{items}<span class="ca-meta" dir="ltr">{counts}</span></div>'


def _legend(doc: Document, palette: Palette) -> str:
    """One key per speaker (in its colour, with its number of claims) and the stance badges."""
    if not doc.claims:
        return ""
    keys = []
    for entity in doc.speakers:
        claims = [c for c in doc.claims if c.speaker.entity == entity]
        background, foreground = palette.colors(entity)
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


def _markup(doc: Document, marks: Sequence[_Mark], palette: Palette) -> str:
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
            out.append(_close(doc, mark, palette, final=mark.end == pos))
            if mark.end != pos:
                reopen.append(mark)
        for mark in [*reversed(reopen), *starting.get(pos, [])]:
            out.append(_open(doc, mark, palette))
            stack.append(mark)
        out.append(_esc(text[pos:nxt]))
    return "".join(out)


def _open(doc: Document, mark: _Mark, palette: Palette) -> str:
    """The opening tag of one fragment of ``mark``."""
    claims = [doc.claims[i] for i in mark.claims]
    entity = claims[0].speaker.entity
    background, foreground = palette.colors(entity)
    if mark.role == "claim":
        claim = claims[0]
        return (f'<mark class="ca-claim ca-s{palette.number(entity)}" data-claim="{mark.claims[0]}" '
                f'data-id="{_esc(claim.id)}" data-entity="{_esc(entity)}" data-stance="{_esc(claim.stance or "")}" '
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


def _close(doc: Document, mark: _Mark, palette: Palette, final: bool) -> str:
    """The closing tag of one fragment; a claim's last fragment ends with its speaker's name and
    its stance badge."""
    if mark.role != "claim":
        return "</span>"
    if not final:
        return "</mark>"
    claim = doc.claims[mark.claims[0]]
    who = (f'<span class="ca-who" style="background:{palette.colors(claim.speaker.entity)[1]}">'
           f"{_esc(_speaker_label(claim))}</span>")
    return f"{who}{_badge(claim.stance) if claim.stance else ''}</mark>"


def _claim_title(claim: Claim) -> str:
    """The hover text of a claim: speaker, kind, stance with its probability, confidence, the
    pattern that found it and the stance rules that fired."""
    stance = claim.stance or "no stance"
    if claim.stance and claim.stance in claim.stance_scores:
        stance += f" (p={claim.stance_scores[claim.stance]:.2f})"
    rules = ", ".join(claim.stance_rules) or "none"
    return (f"{claim.id}: {_speaker_label(claim)} [{claim.speaker.entity}], {claim.kind}, "
            f"stance: {stance}, confidence: {claim.confidence:.2f}, pattern: {claim.pattern or 'unknown'}, "
            f"stance rules: {rules}")
