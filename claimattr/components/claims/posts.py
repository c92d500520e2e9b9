"""Statements posted as "Speaker: words", page clutter, and the lines that are never claims.

- **headlines**: a sentence "Speaker: words" (الكعبي: عازمون على …) is a direct claim without a
  cue, when the head is a short source label (not page furniture such as "اقرأ أيضاً:" or a date);
- **"Name:" posts**: a paragraph at the top of a short text that is only "Name:" (or "Name"
  with the colon on the next line) makes each following line a direct claim of Name; a "Name:
  words" first line does the same in a post whose following lines hold no reporting cue. Verses,
  dates, signatures and third-person lines that open with a cue are left to the other patterns;
- **statement headers**: a short first line that names a statement's source (X يصدر بياناً
  بخصوص …:، X يكشف عن تفاصيل …، X ترد على …:، رسالة من X:، 10 نقاط لـX) and ends with a colon
  or is followed by a list makes each following line or point a direct claim of X; the source is
  the subject of the line's reporting or issuing verb, or the owner of its statement noun (after
  من or لـ). Sub-headings (short lines ending with a colon), bullets and numbers are left out;
- **clutter**: runs of four or more short lines without sentence punctuation (menus, tickers,
  lists of related headlines) hold no claims.
"""

from __future__ import annotations

import re

from claimattr.components.claims.state import DocState, Sentence, Tok
from claimattr.components.mentions import np_words

_NOT_IN_LABELS = ("ان", "بان", "التي", "الذي", "هل")


def is_source_label(st: DocState, head: list[Tok]) -> bool:
    """Whether the words before a colon can name a source (not furniture, not a clause)."""
    words = [t[2] for t in head]
    marks = st.words.quote_chars
    if any(not w[0].isalnum() and w not in ("(", ")", "-", "_") and w[0] != "#" and w not in marks for w in words):
        return False
    if any(w in st.words.page_labels or w.isdigit() for w in words):
        return False
    return not any(w in _NOT_IN_LABELS for w in words)


def headline(st: DocState, s: Sentence) -> None:
    """"Speaker: words" in a headline or a line (direct, no cue)."""
    text = st.text
    colon = text.find(":", s.start, min(s.end, s.start + 80))
    if colon < 0:
        return
    head = st.tokens(s.start, colon)
    words = [t for t in head if t[2][0].isalnum()]
    if not 1 <= len(words) <= 7 or not is_source_label(st, head):
        return
    if any(st.inside_quote(t[0]) for t in head):
        return
    cut = next((i for i, t in enumerate(words) if t[2] in ("عن", "حول", "بشان") and i > 0), len(words))
    mention = (words[0][0], words[cut - 1][1])
    start, end = st.strip(colon + 1, s.end)
    if st.word_count(start, end) < st.settings["min_headline_words"] or text[start].isdigit():
        return  # a date, a time or an outlet's name after the colon: page furniture, not a statement
    for q in s.quotes:
        if q.norm_open >= colon:
            st.used_quotes.add(q.norm_open)
    st.add(start, end, "direct", None, mention, "headline", st.settings["priors"]["headline"])


#: A list item's marker at the start of a line: a dash or bullet, or a number (1. 2- 11) ٣.).
_LIST_ITEM_RE = re.compile(r"\s*(?:[-–•▪◾●]|\d{1,2}\s*[-.)])\s*\S")
#: The most words a statement header may have, and a "Name:" label (a long title chain and a
#: quoted name: الأمين العام لمجلس الوزراء "سامي يوسف":).
_MAX_HEADER_WORDS = 25
_MAX_LABEL_WORDS = 12


def posts(st: DocState) -> None:
    """The line-by-line claims of "Name:" posts and of statements under a header (see the module
    docstring)."""
    if statement_under_header(st):
        return
    text, paras = st.text, st.paragraphs
    first = first_text_paragraph(st)
    for i in range(len(paras)):
        header = _post_header(st, i, first)
        if header is None:
            continue
        mention, first_line, body_from = header
        if len(text) > st.settings["max_statement_chars"] or i > first + 2:
            continue  # "X:" lines further down a page are its furniture (نسخة النشرة:)
        body = []
        for q_start, q_end in paras[body_from:]:
            if text[q_end - 1] == ":" and q_end - q_start < 80:
                break
            body.append((q_start, q_end))
        if first_line is not None:
            if not body or len(text) > st.settings["max_post_chars"] or any(st.has_cue(*line) for line in body):
                continue  # a lone "Name: words" line is a headline: see headline()
            body.insert(0, first_line)
        while body and _is_signature(st, *body[-1]):
            body.pop()
        for q_start, q_end in body:
            _post_line(st, q_start, q_end, mention)


def statement_under_header(st: DocState) -> bool:
    """Claims of a statement posted under a header that names its source (see the module
    docstring); returns whether the text is such a statement."""
    text, paras = st.text, st.paragraphs
    first = first_text_paragraph(st)
    if first >= len(paras) or len(text) > st.settings["max_statement_chars"]:
        return False
    h_start, h_end = paras[first]
    body = [p for p in paras[first + 1:] if st.word_count(*p)]
    colon = text[h_end - 1] == ":"
    listed = sum(bool(_LIST_ITEM_RE.match(text, p[0], p[1])) for p in body) >= 2
    if not body or not (colon or listed) or st.word_count(h_start, h_end) > _MAX_HEADER_WORDS:
        return False
    mention = _header_source(st, h_start, h_end)
    if mention is None:
        return False
    while body and _is_signature(st, *body[-1]):
        body.pop()
    for q_start, q_end in body:
        m = _LIST_ITEM_RE.match(text, q_start, q_end)
        if _sub_heading(st, q_start, q_end) or not colon and m is None:
            continue  # a sub-heading (أولاً: …، الطيارون:), or a line between the points of a list
        _post_line(st, m.end() - 1 if m else q_start, q_end, mention)
    return True


def _sub_heading(st: DocState, start: int, end: int) -> bool:
    """A short line that ends with a colon, or opens with a label and a colon and does not end
    a sentence (أولاً: الكفاءة البشرية): a heading inside a statement, not a claim."""
    text = st.text
    if text[end - 1] == ":" and end - start < 80:
        return True
    return st.word_count(start, end) <= 8 and ":" in text[start:min(end, start + 15)] and text[end - 1] not in ".!؟"


def _header_source(st: DocState, start: int, end: int) -> tuple[int, int] | None:
    """The source a statement header names: the subject before its first reporting or issuing
    verb (X يكشف عن …، X يصدر بياناً …), the document a channel publishes (X تنشر نص مسودة …), or
    the noun phrase after من / لـ that follows a statement
    noun (رسالة مهمة من X، 10 نقاط لـX). A header that is only a name ("Name:") is a post
    (:func:`posts`)."""
    lex = st.words
    toks = [t for t in st.tokens(start, end) if t[2] not in ("،", ",")]  # X، المستشار …: appositions
    words = [t for t in toks if t[2][0].isalnum()]
    verbs = [c.norm_start for c in st.cues if start < c.norm_start < end and c.cls in ("verb", "present")]
    verbs += [m.start() for m in lex.issue_verb.finditer(st.text, start, end)]
    if verbs:
        document = _published_document(st, words, min(verbs))
        if document is not None:
            return document
        subject = [t for t in words if t[1] <= min(verbs)]
        if 1 <= len(subject) <= 12 and is_source_label(st, [t for t in toks if t[1] <= min(verbs)]) \
                and not lex.never_source(subject[0][2]):
            return subject[0][0], subject[-1][1]
        return None
    return _statement_owner(st, words)


def _published_document(st: DocState, words: list[Tok], verb: int) -> tuple[int, int] | None:
    """X تنشر نص مسودة الاتفاق …: a channel publishing a document posts the document's points;
    the document (the verb's object, from its first document word) is their source."""
    lex = st.words
    if not lex.publish_verb.match(st.text, verb):
        return None
    after = [t for t in words if t[0] > verb][:4]
    k = next((i for i, t in enumerate(after) if t[2] in lex.document_words and t[2] != "نص"), None)
    if k is None:
        return None
    np = np_words([t for t in words if t[0] >= after[k][0]], lex, st.name_end)
    return (np[0][0], np[-1][1]) if np else None


def _statement_owner(st: DocState, words: list[Tok]) -> tuple[int, int] | None:
    """The noun phrase after من / لـ that follows a statement noun among the first words."""
    lex = st.words
    for k, (ts, te, w) in enumerate(words[:6]):
        if w in lex.document_words:
            for j in range(k + 1, min(k + 4, len(words))):
                owner = words[j]
                if owner[2] == "من" and j + 1 < len(words):
                    np = np_words(words[j + 1:], lex, st.name_end)
                elif owner[2].startswith("ل") and not owner[2].startswith("لل") and len(owner[2]) > 3:
                    np = np_words([(owner[0] + 1, owner[1], owner[2][1:]), *words[j + 1:]], lex, st.name_end)
                else:
                    continue
                return (np[0][0], np[-1][1]) if np else None
    return None


def _post_header(st: DocState, i: int, first: int) -> tuple[tuple[int, int], tuple[int, int] | None, int] | None:
    """``(mention, first line of text or None, index of the first body paragraph)`` when
    paragraph ``i`` opens a "Name:" post."""
    text, paras = st.text, st.paragraphs
    p_start, p_end = paras[i]
    if text[p_start:p_end] == ":" or i + 1 < len(paras) and text[slice(*paras[i + 1])] == ":":
        if text[p_start:p_end] == ":":
            return None
        colon, first_line, body_from = p_end, None, i + 2
    elif text[p_end - 1] == ":":
        colon, first_line, body_from = p_end - 1, None, i + 1
    elif i == first and ":" in text[p_start:min(p_end, p_start + 80)]:
        colon = text.index(":", p_start, min(p_end, p_start + 80))
        first_line, body_from = (colon + 1, p_end), i + 1
    else:
        return None
    head = st.tokens(p_start, colon)
    words = [t for t in head if t[2][0].isalnum()]
    if not 1 <= len(words) <= _MAX_LABEL_WORDS or not is_source_label(st, head):
        return None
    if first_line is not None and st.word_count(*first_line) < 2:
        return None
    return (words[0][0], words[-1][1]), first_line, body_from


def first_text_paragraph(st: DocState) -> int:
    """Index of the first paragraph with words (posts often open with an emoji line)."""
    return next((k for k, (s, e) in enumerate(st.paragraphs) if st.word_count(s, e)), 0)


def _is_signature(st: DocState, start: int, end: int) -> bool:
    """A short closing line of a statement (a name, a title, a date) is not a claim."""
    return st.word_count(start, end) <= 6 and st.text[end - 1] not in ".!؟"


def _post_line(st: DocState, start: int, end: int, mention: tuple[int, int]) -> None:
    """One line of a "Name:" post: a direct claim, unless it is a verse, a date, or a
    third-person line that opens with a reporting cue (واكد المجلس …), which the
    reported-speech patterns handle."""
    line = st.text[start:end]
    if st.words.verse.match(line) or st.words.date_line.match(line) or st.word_count(start, end) < 3:
        return
    if st.opens_with_cue(start, end) or st.scripture.contains(start):
        return
    s, e = st.strip(start, end)
    for q in st.quotes:
        if s <= q.norm_open < e:
            st.used_quotes.add(q.norm_open)
    st.add(s, e, "direct", None, mention, "post", st.settings["priors"]["post"])


def clutter_lines(st: DocState) -> list[tuple[int, int]]:
    """Page clutter of scraped articles: runs of four or more short lines without sentence
    punctuation (menus, tickers, lists of related headlines), outside "Name:" posts."""
    runs: list[list[int]] = []
    for k, (s, e) in enumerate(st.paragraphs):
        short = st.word_count(s, e) <= 20 and st.text[e - 1] not in ".!؟:\"»”" and not st.post_lines.overlaps(s, e)
        if not short:
            continue
        if runs and runs[-1][-1] + 1 == k:
            runs[-1].append(k)
        else:
            runs.append([k])
    return [st.paragraphs[k] for run in runs if len(run) >= 4 for k in run]

