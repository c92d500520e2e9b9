"""The entity linker: one id per source within an article (ArticleLinker over AliasMatcher).

The Arabic mentions are written for these tests; the names in them are public figures and
bodies (facts), or invented.
"""

from __future__ import annotations

import pytest

from claimattr.components.linking import AliasMatcher, ArticleLinker
from claimattr.entities import EntityRegistry
from claimattr.errors import InputError
from claimattr.lexicon import Lexicons
from claimattr.names import LEXICON_FILES, Names


def linker(names: Names | None = None) -> ArticleLinker:
    return ArticleLinker(AliasMatcher(EntityRegistry.default(), names))


def resolve_all(mentions: list[str]) -> tuple[list[str], ArticleLinker]:
    one = linker()
    return [one.resolve(m)[0] for m in mentions], one


def test_family_name_reuses_an_earlier_other_id() -> None:
    ids, _ = resolve_all(["رئيس كتلة الصادقون عدنان فيحان", "فيحان", "عدنان فيحان"])
    assert ids == ["other:عدنان فيحان"] * 3


def test_definite_back_reference_to_an_anonymous_source() -> None:
    ids, one = resolve_all(["مسؤول أمني عراقي", "المسؤول العراقي", "المسؤول", "مصدر دبلوماسي"])
    assert ids[:3] == ["other:مسؤول أمني عراقي"] * 3
    assert ids[3] == "other:مصدر دبلوماسي"
    assert one.resolve("المسؤول الأمريكي")[0] == "other:المسؤول الأمريكي"  # a word the source lacks


def test_scores_say_how_the_id_was_found() -> None:
    one = linker()
    registry_score = one.resolve("أكرم الكعبي")[2]
    new_score = one.resolve("الدكتور سمير الراوي")[2]
    part_score = one.resolve("الراوي")[2]
    back_score = one.resolve("الدكتور")[2]
    assert registry_score == 1.0 and new_score < part_score < registry_score and back_score < registry_score


def test_definite_back_reference_to_a_group() -> None:
    ids, _ = resolve_all(["حركة النجباء", "الحركة"])
    assert ids == ["harakat-al-nujaba", "harakat-al-nujaba"]
    ids, _ = resolve_all(["تحالف العزم", "التحالف"])
    assert ids == ["other:تحالف العزم", "other:تحالف العزم"]
    ids, _ = resolve_all(["التحالف"])
    assert ids == ["us-led-coalition"]


def test_a_fuller_later_name_renames_the_source() -> None:
    ids, one = resolve_all(["الراوي", "الدكتور سمير الراوي", "الراوي"])
    assert ids == ["other:الراوي", "other:سمير الراوي", "other:سمير الراوي"]
    assert one.canonical("other:الراوي") == "other:سمير الراوي"
    assert one.canonical("us-government") == "us-government"


def test_the_same_source_again_after_another() -> None:
    ids, _ = resolve_all(["مصدر أمني", "حيدر العبادي", "المصدر ذاته", "العبادي"])
    assert ids == ["other:مصدر أمني", "other:حيدر العبادي", "other:مصدر أمني", "other:حيدر العبادي"]
    ids, _ = resolve_all(["وزارة التخطيط", "المصدر نفسه"])
    assert ids == ["other:وزارة التخطيط", "other:وزارة التخطيط"]


def test_resolve_gives_a_readable_name_and_a_score() -> None:
    one = linker()
    entity, name, score = one.resolve("جون كيربي")
    assert (entity, name) == ("john-kirby", "John Kirby") and score == 1.0
    entity, name, score = one.resolve("مصادر مطلعة")
    assert (entity, name) == ("other:مصادر مطلعة", "مصادر مطلعة") and 0 < score < 1


def test_an_empty_mention_is_an_input_error() -> None:
    with pytest.raises(InputError, match="no word that names a source"):
        linker().resolve(" ، ")


def test_the_name_vocabulary_is_data(tmp_path) -> None:
    """A title added to a copy of the lexicons makes a name after it the source's name."""
    folder = tmp_path / "lexicons"
    Lexicons().copy(LEXICON_FILES, folder)
    assert linker().resolve("فيلسوف سمير الراوي")[0] == "other:فيلسوف سمير الراوي"
    with open(folder / "titles.txt", "a", encoding="utf-8") as f:
        f.write("فيلسوف\n")
    assert linker(Names(Lexicons(folder))).resolve("فيلسوف سمير الراوي")[0] == "other:سمير الراوي"


def test_a_long_text_compares_a_mention_with_recent_sources_only():
    # Thousands of sources in one text: each new mention is compared with the LOOKBACK most
    # recent ones (linear cost); a family name still finds its recent full name.
    from claimattr.components.linking import LOOKBACK

    linker = ArticleLinker(AliasMatcher(EntityRegistry.default()))
    for i in range(3 * LOOKBACK):
        linker.resolve(f"المتحدث باسم اللجنة رقم {i}")
    entity, _, _ = linker.resolve("الباحث سامي الخزرجي")
    assert linker.resolve("الخزرجي")[0] == entity == "other:سامي الخزرجي"
    assert len(list(linker._recent())) == LOOKBACK
