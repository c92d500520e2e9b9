"""The component contract: settings checked, the chain checked, folders with pinned lexicons."""

import json

import pytest

from claimattr.components import FACTORIES, Component, factory, register
from claimattr.components.claims import ClaimPatterns
from claimattr.doc import Document
from claimattr.errors import ModelError
from claimattr.pipeline import Pipeline, check_chain


def test_every_registered_factory_declares_its_contract():
    for name in FACTORIES:
        cls = factory(name)
        assert issubclass(cls, Component) and cls.factory == name
        assert cls.assigns, f"{name} assigns nothing"


def test_unknown_settings_are_rejected_with_the_known_ones():
    with pytest.raises(ModelError, match="mention_reach"):
        ClaimPatterns(mention_rech=3)


def test_the_chain_is_checked_when_a_pipeline_is_built():
    rules = Pipeline.new()
    without_cues = [(n, c) for n, c in rules.components if n != "cues"]
    with pytest.raises(ModelError, match="requires cues"):
        check_chain(without_cues)
    with pytest.raises(ModelError, match="two components"):
        check_chain(rules.components + [("text", rules.get("text"))])


def test_a_component_folder_pins_its_lexicons_and_settings(tmp_path):
    claims = ClaimPatterns(mention_reach=12)
    claims.to_disk(tmp_path / "claims")
    assert (tmp_path / "claims" / "lexicons" / "adjunct_words.txt").is_file()
    assert "mention_reach" in (tmp_path / "claims" / "README.md").read_text(encoding="utf-8")
    words = tmp_path / "claims" / "lexicons" / "demonstratives.txt"
    words.write_text("# changed\nهذا\n", encoding="utf-8")
    again = ClaimPatterns.from_disk(tmp_path / "claims", mention_reach=12)
    assert again.words.demonstratives == frozenset({"هذا"}) and again.settings["mention_reach"] == 12


def test_a_component_of_ones_own_plugs_into_a_slot(tmp_path):
    class Shout(Component):
        """Marks every claim's text as read (a test component)."""

        factory = "test_shout"
        requires = ("claims",)
        assigns = ("meta.shout",)

        def __call__(self, doc: Document) -> Document:
            doc.meta["shout"] = len(doc.claims)
            return doc

    register("test_shout", Shout)
    try:
        rules = Pipeline.new()
        nlp = Pipeline(rules.components + [("shout", Shout())])
        assert nlp("قال الوزير إن الاجتماع انتهى.").meta["shout"] == 1
        nlp.to_disk(tmp_path / "p")
        config = json.loads((tmp_path / "p" / "pipeline.json").read_text(encoding="utf-8"))
        assert config["components"][-1] == {"name": "shout", "factory": "test_shout", "settings": {}}
        assert Pipeline.from_disk(tmp_path / "p").pipe_names[-1] == "shout"
    finally:
        FACTORIES.pop("test_shout")
