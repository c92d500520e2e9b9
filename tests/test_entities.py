"""Tests of the entity registry, its mention matcher and other: ids (per-article linking is in
tests/components/test_linking.py).

The Arabic mentions are written for these tests; the names in them are public figures and
bodies (facts), or invented for the extension tests.
"""

from __future__ import annotations

import ast
import json
import sys
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from claimattr.entities import Entity, EntityRegistry, Match
from claimattr.errors import ClaimattrError, FormatError

#: The ids of the table in ANNOTATION.md.
TABLE_IDS = (
    "hadi-al-amiri", "mustafa-al-kadhimi", "john-kirby", "kataib-hezbollah", "coalition-spokesperson",
    "us-led-coalition", "akram-al-kaabi", "harakat-al-nujaba", "lloyd-austin", "mohammed-shia-al-sudani",
    "matthew-miller", "qais-al-khazali", "ahmed-mulla-talal", "us-centcom", "islamic-resistance-in-iraq",
    "us-state-department", "us-government",
)


@pytest.fixture(scope="module")
def registry() -> EntityRegistry:
    return EntityRegistry.default()


def linked(registry: EntityRegistry, mention: str) -> str | None:
    match = registry.link(mention)
    return match.entity.id if match else None


# --- the shipped data -------------------------------------------------------------------------
def test_every_table_id_is_shipped(registry: EntityRegistry) -> None:
    missing = [i for i in TABLE_IDS if i not in registry]
    assert missing == []


def test_shipped_entities_are_complete(registry: EntityRegistry) -> None:
    assert len(registry) >= 60
    for entity in registry:
        assert entity.name and entity.name_ar and entity.forms, entity.id
        if entity.id.startswith("other:"):
            assert entity.id == "other:" + entity.name_ar


def test_extra_entities_keep_the_other_id_form(registry: EntityRegistry) -> None:
    assert linked(registry, "زعيم التيار الصدري السيد مقتدى الصدر") == "other:مقتدى الصدر"
    assert linked(registry, "الرئيس الأمريكي دونالد ترمب") == "other:دونالد ترامب"


# --- normalised matching ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("mention", "expected"),
    [
        ("هادى العامرى", "hadi-al-amiri"),  # ى for ي
        ("مُصْطَفَى الكَاظِمِيّ", "mustafa-al-kadhimi"),  # diacritics
        ("مصطفـــى الكاظمي", "mustafa-al-kadhimi"),  # tatweel
        ("اكرم الكعبي", "akram-al-kaabi"),  # hamza dropped
        ("القياده المركزيه الامريكيه", "us-centcom"),  # ة written ه
        ("القيادة المركزية الأميركية", "us-centcom"),  # أميركية / أمريكية
        ("المقاومة الاسلامية في العراق", "islamic-resistance-in-iraq"),
        ("لواشنطن", "us-government"),  # ل
        ("بالتحالف الدولي", "us-led-coalition"),  # ب + ال
        ("وللمتحدث باسم التحالف الدولي", "coalition-spokesperson"),  # و + ل + ال
        ("#قيس_الخزعلي", "qais-al-khazali"),  # hashtag
        ("#الولايات_المتحدة_الأمريكية", "us-government"),
        ("“كتائب حزب الله”", "kataib-hezbollah"),  # quotation marks
        ("أبو علي العسكري", "kataib-hezbollah"),  # the table's alias under the group
        ("أبوعلي العسكري", "kataib-hezbollah"),  # kunya written as one word
    ],
)
def test_variants_link(registry: EntityRegistry, mention: str, expected: str) -> None:
    assert linked(registry, mention) == expected


@pytest.mark.parametrize(
    ("mention", "expected"),
    [
        ("العامري", "hadi-al-amiri"),
        ("الكولونيل ماروتو", "coalition-spokesperson"),
        ("الشيخ الخزعلي", "qais-al-khazali"),
        ("وزير الدفاع الأسبق أوستن", "lloyd-austin"),
    ],
)
def test_family_name_alone_or_after_a_title(registry: EntityRegistry, mention: str, expected: str) -> None:
    match = registry.link(mention)
    assert match is not None and match.entity.id == expected
    assert match.alias_kind == "family" and 0 < match.score < 1


@pytest.mark.parametrize("mention", ["مازن الزيدي", "الجيش السوداني", "نجل الخزعلي", "إدارة ترامب"])
def test_family_name_of_someone_else_does_not_link(registry: EntityRegistry, mention: str) -> None:
    assert registry.link(mention) is None


@pytest.mark.parametrize(
    ("mention", "expected"),
    [
        ("الأمين العام لعصائب أهل الحق الشيخ قيس الخزعلي", "qais-al-khazali"),
        ("وزير الدفاع الأمريكي السابق لويد أوستن", "lloyd-austin"),
        ("زعيم منظمة بدر ورئيس تحالف الفتح هادي العامري", "hadi-al-amiri"),
        ("رئيس الحكومة العراقية محمد شياع السوداني", "mohammed-shia-al-sudani"),
        ("المتحدث باسم الخارجية الأمريكية، ماثيو ميلر", "matthew-miller"),
    ],
)
def test_title_and_name(registry: EntityRegistry, mention: str, expected: str) -> None:
    assert linked(registry, mention) == expected


def test_the_most_specific_alias_wins(registry: EntityRegistry) -> None:
    # the spokesperson, not the coalition named in his title
    assert linked(registry, "المتحدث باسم التحالف الدولي العقيد واين ماروتو") == "coalition-spokesperson"
    assert linked(registry, "الناطق باسم التحالف") == "coalition-spokesperson"
    # the person, not the organisation in his title
    assert linked(registry, "أمين عام حركة النجباء الشيخ أكرم الكعبي") == "akram-al-kaabi"
    # a group's statement is the group
    assert linked(registry, "بيان صادر عن كتائب حزب الله") == "kataib-hezbollah"
    assert linked(registry, "بيان لحركة النجباء") == "harakat-al-nujaba"


def test_a_whole_alias_scores_above_one_inside_a_longer_mention(registry: EntityRegistry) -> None:
    whole = registry.link("قيس الخزعلي")
    inside = registry.link("زعيم العصائب قيس الخزعلي")
    assert isinstance(whole, Match) and isinstance(inside, Match)
    assert whole.score == 1.0 and inside.score < whole.score
    assert whole.alias == "قيس الخزعلي"


@pytest.mark.parametrize(
    "mention",
    [
        "مسؤول عسكري أمريكي",
        "مصادر في التحالف الدولي",
        "مسؤول رفيع في وزارة الخارجية الأمريكية",
        "مصدر مقرب من هادي العامري",
        "مسؤولون في القيادة المركزية الأمريكية",
        "عضو المكتب السياسي لحركة النجباء",  # a member, not the group
        "واشنطن وطهران",  # a joint source
        "القيادة الإيرانية",  # a one-word alias (القيادة) only links alone
        "وزارة الداخلية السعودية",  # another country's ministry
        "",
        "؟!",
    ],
)
def test_anonymous_joint_and_other_mentions_do_not_link(registry: EntityRegistry, mention: str) -> None:
    assert registry.link(mention) is None


# --- extending the registry ---------------------------------------------------------------------
def write_jsonl(path: Path, rows: list[object]) -> Path:
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    return path


def test_extend_with_a_file_adds_merges_and_replaces(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "mine.jsonl", [
        {"id": "samir-al-rawi", "name": "Samir al-Rawi", "kind": "person",
         "aliases": ["سمير الراوي"], "family": "الراوي"},
        {"id": "hadi-al-amiri", "aliases": ["أبو حسن"]},
        {"id": "john-kirby", "name": "John Kirby", "kind": "person", "aliases": ["جون كيربي"], "replace": True},
    ])
    registry = EntityRegistry.default().extend(path)
    assert linked(registry, "الباحث سمير الراوي") == "samir-al-rawi"
    assert linked(registry, "الراوي") == "samir-al-rawi"
    assert linked(registry, "أبو حسن") == "hadi-al-amiri"  # merged alias
    assert linked(registry, "هادي العامري") == "hadi-al-amiri"  # shipped aliases kept
    assert linked(registry, "المتحدث باسم وزارة الدفاع الأميركية") is None  # replaced: role gone
    assert linked(registry, "جون كيربي") == "john-kirby"
    assert linked(EntityRegistry.default(), "أبو حسن") is None  # default() copies are independent


def test_a_json_list_file_is_read_too(tmp_path: Path) -> None:
    path = tmp_path / "mine.json"
    path.write_text(json.dumps([{"id": "x-party", "name": "X", "kind": "organisation",
                                 "aliases": ["حزب النهضة الوطني"]}], ensure_ascii=False), encoding="utf-8")
    registry = EntityRegistry.from_file(path)
    assert len(registry) == 1 and linked(registry, "بيان حزب النهضة الوطني") == "x-party"


def test_add_through_the_api_merges_or_replaces() -> None:
    registry = EntityRegistry.default()
    registry.add(Entity("mustafa-al-kadhimi", "Mustafa al-Kadhimi", "person", aliases=("أبو هيا",)))
    assert linked(registry, "أبو هيا") == "mustafa-al-kadhimi"
    assert linked(registry, "مصطفى الكاظمي") == "mustafa-al-kadhimi"
    registry.add(Entity("mustafa-al-kadhimi", "Kadhimi", "person", aliases=("أبو هيا",)), replace=True)
    assert linked(registry, "مصطفى الكاظمي") is None
    assert registry.get("mustafa-al-kadhimi").name == "Kadhimi"
    assert registry.get("nobody") is None


def test_to_jsonl_round_trips(tmp_path: Path) -> None:
    registry = EntityRegistry.default()
    registry.to_jsonl(tmp_path / "entities.jsonl")
    again = EntityRegistry.from_file(tmp_path / "entities.jsonl")
    assert list(again) == list(registry)


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (['{"id": "a", "kind": "person", "aliases": ["أ ب"]}', '{"id": "b", "kind": '], "line 2"),
        (['{"id": "a", "kind": "person", "alias": ["أ ب"]}'], "unknown field(s) alias"),
        (['{"id": "brand-new", "aliases": ["أ ب"]}'], "needs a 'kind'"),
        (['{"id": "a", "kind": "company"}'], "is not one of"),
        (['{"id": "a", "kind": "person", "aliases": "", "name": "A"}'], "non-empty strings"),
        (["[1, 2]"], "item 1"),
    ],
)
def test_a_bad_registry_file_says_where_and_how_to_fix(tmp_path: Path, lines: list[str], message: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(FormatError, match="bad.jsonl") as info:
        EntityRegistry.from_file(path)
    assert message in str(info.value)


def test_a_missing_file_is_a_claimattr_error(tmp_path: Path) -> None:
    with pytest.raises(ClaimattrError, match="no entity file"):
        EntityRegistry.from_file(tmp_path / "absent.jsonl")


def test_entity_checks_its_kind() -> None:
    with pytest.raises(FormatError, match="person, organisation"):
        Entity("a", "A", "company")


# --- other: ids -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("mention", "name"),
    [
        ("زعيم ائتلاف الوطنية إياد علاوي", "إياد علاوي"),
        ("النائب عن تحالف السيادة خالد العبيدي", "خالد العبيدي"),
        ("سعد الحديثي، المتحدث باسم المكتب الإعلامي", "سعد الحديثي"),
        ("محافظ البصرة، أسعد العيداني", "أسعد العيداني"),
        ("الخبير الأمني فاضل أبو رغيف", "فاضل أبو رغيف"),
        ("النائب كاظم الشمري الذي تحدث للصحفيين", "كاظم الشمري"),
        ("مصدراً أمنياً عراقياً", "مصدر أمني عراقي"),
        ("مسؤولٌ رفيع في الخارجية البريطانية طلب عدم الكشف عن اسمه", "مسؤول رفيع في الخارجية البريطانية"),
        ("مصدر حكومي مطلع على سير المفاوضات", "مصدر حكومي مطلع"),
        ("لوكالة الأنباء العراقية", "وكالة الأنباء العراقية"),
        ("وللمسؤول الأمني", "المسؤول الأمني"),
        ("وزير المالية العراقي", "وزير المالية العراقي"),
        ("بيان صادر عن وزارة التخطيط", "وزارة التخطيط"),
        ("تقرير بريطاني", "تقرير بريطاني"),
        ("مكتب رئيس الوزراء علي الزيدي", "مكتب رئيس الوزراء"),
        ("رئيس الحكومة السيد سامي يوسف", "سامي يوسف"),  # حكومة as a title's genitive: his own body
        ("الولايات المتحدة وبريطانيا", "الولايات المتحدة وبريطانيا"),
        ("حركة «البناء الوطني» المقربة من الحكومة", "حركة البناء الوطني"),
        ("صحيفة نيويورك تايمز (الأمريكية)", "صحيفة نيويورك تايمز"),
    ],
)
def test_other_id(registry: EntityRegistry, mention: str, name: str) -> None:
    assert registry.other_id(mention) == ("other:" + name, name)


# --- import weight ----------------------------------------------------------------------------
def test_the_module_imports_only_the_standard_library_at_import_time() -> None:
    source = Path(__file__).parents[1] / "claimattr" / "entities.py"
    tree = ast.parse(source.read_text(encoding="utf-8"))
    top = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
    modules = {(n.module if isinstance(n, ast.ImportFrom) else n.names[0].name).split(".")[0] for n in top}
    assert modules - {"__future__", "claimattr"} <= set(sys.stdlib_module_names)
    assert {n.module for n in top if isinstance(n, ast.ImportFrom) and n.module.startswith("claimattr")} == {
        "claimattr.errors"}


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["حسين", "دليمي", "حسيندليمي", "مازن", "في", "نصر", "الله", "نصرالله"]), max_size=4),
       st.lists(st.sampled_from(["حسين", "دليمي", "حسيندليمي", "مازن", "في", "نصر", "الله", "نصرالله"]), max_size=4),
       st.booleans())
@example(["حسيندليمي"], ["مازن", "حسين", "دليمي"], True)  # a name run together
@example(["حسين", "دليمي"], ["مازن", "حسين", "دليمي"], False)
def test_could_be_part_holds_whenever_part_of_does(part, whole, named):
    from claimattr.names import Names, could_be_part

    if Names.default().part_of(tuple(part), tuple(whole), named):
        assert could_be_part(tuple(part), tuple(whole))
