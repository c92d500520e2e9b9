"""The speaker-id audit: which ids name no source."""

from claimattr.audit import audit, category
from claimattr.doc import Claim, Document, Speaker


def test_categories():
    assert category("other:فيما") == "function word" and category("other:وهو") == "function word"
    assert category("other:صحيفة") == "fragment" and category("other:به الشرطة") == "fragment"
    assert category("other:" + " ".join(["كلمة"] * 10)) == "content"
    assert category("other:علي الموسوي") == "ok"  # علي is a name, not the preposition على
    assert category("other:منظمة الأغذية والزراعة فاو") == "ok"
    assert category("hadi-al-amiri") == "ok" and category("unknown") == "ok"


def test_audit_counts_and_shares():
    text = "نص"
    claims = [Claim(f"c{i}", 0, 2, text, "indirect", Speaker(entity)) for i, entity in
              enumerate(["other:فيما", "other:علي الموسوي", "hadi-al-amiri", "other:صحيفة"])]
    result = audit([Document(text=text, claims=claims)])
    assert result.claims == 4 and result.share() == 0.5
    assert "other:فيما" in result.format_table()
