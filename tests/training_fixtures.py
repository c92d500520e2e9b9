"""Small annotated documents, written for the training tests (not from any corpus)."""

from __future__ import annotations

from claimattr.doc import Claim, Document, Span, Speaker

#: (cue, mention, entity, content, stance) sentences of the form "<cue> <mention> إن <content>."
SENTENCES = [
    ("قال", "هادي العامري", "hadi-al-amiri", "القوات الأمريكية قوات احتلال ويجب أن تغادر العراق فورا", "oppose"),
    ("وأكد", "المتحدث باسم التحالف", "coalition-spokesperson", "مهمة المستشارين تدريب القوات العراقية ودعمها ضد داعش", "support"),
    ("وأضاف", "وزير المالية", "other:وزير المالية", "الموازنة ستقدم إلى البرلمان الأسبوع المقبل", "neutral"),
    ("وقال", "أكرم الكعبي", "akram-al-kaabi", "المقاومة سترد على العدوان الأمريكي ولن تقبل بقاء القواعد", "oppose"),
    ("وأعلن", "جون كيربي", "john-kirby", "الضربات جاءت دفاعا عن النفس ردا على الهجمات ضد قواتنا", "support"),
    ("وذكر", "مسؤول محلي", "other:مسؤول محلي", "الأمطار أغلقت عدة طرق في المحافظة صباح اليوم", "neutral"),
]


def make_doc(doc_id: str, rows: list[tuple[str, str, str, str, str]]) -> Document:
    """A document of one sentence per row, with its gold claims."""
    text, claims = "", []
    for n, (cue, mention, entity, content, stance) in enumerate(rows, start=1):
        start = len(text)
        sentence = f"{cue} {mention} إن {content}.\n"
        m_start = start + len(cue) + 1
        c_start = m_start + len(mention) + len(" إن ")
        text += sentence
        claims.append(Claim(
            id=f"c{n}", start=c_start, end=c_start + len(content), text=content, kind="indirect",
            speaker=Speaker(entity=entity, mention=Span(m_start, m_start + len(mention), mention)),
            cue=Span(start, start + len(cue), cue), stance=stance))
    return Document(text=text, doc_id=doc_id, claims=claims)


def corpus(n_docs: int = 10) -> list[Document]:
    """``n_docs`` documents, each with three of :data:`SENTENCES` in turn."""
    return [make_doc(f"d{i}", [SENTENCES[(i + j) % len(SENTENCES)] for j in range(3)]) for i in range(n_docs)]
