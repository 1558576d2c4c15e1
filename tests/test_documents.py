"""JSON and YAML documents: YAML 1.2 core-schema rules, and where a syntax error sits."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from statewise.documents import DocumentError, is_yaml_path, load_file, load_text


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Yes", "Yes"),  # YAML 1.1 would say True: SAM's `Next: Yes` names a state
        ("no", "no"),
        ("on", "on"),
        ("off", "off"),
        ("y", "y"),
        ("true", True),
        ("True", True),
        ("FALSE", False),
        ("0777", 777),  # 1.1: octal 511
        ("0o17", 15),
        ("0x1F", 31),
        ("-12", -12),
        ("+3", 3),
        ("1_000", "1_000"),  # 1.1: 1000
        ("12:30", "12:30"),  # 1.1: sexagesimal 750
        ("2024-01-01", "2024-01-01"),  # 1.1: a date, which JSON cannot hold
        ("1.5e3", 1500.0),
        (".5", 0.5),
        ("~", None),
        ("null", None),
        ("", None),
        ('"0777"', "0777"),
    ],
)
def test_yaml_scalars_follow_yaml_1_2(text: str, value: object) -> None:
    assert load_text(f"key: {text}", yaml=True) == {"key": value}


def test_yaml_keeps_merge_keys_and_leaves_pyyaml_alone() -> None:
    assert load_text("a: &x {p: 1}\nb: {<<: *x, q: 2}", yaml=True) == {"a": {"p": 1}, "b": {"p": 1, "q": 2}}
    assert yaml.safe_load("a: Yes") == {"a": True}  # our loader did not change PyYAML's own


def test_json_error_has_line_and_column() -> None:
    with pytest.raises(DocumentError) as caught:
        load_text('{"a": 1,\n  }', source="m.json")
    assert (caught.value.line, caught.value.column) == (2, 3)
    assert str(caught.value).startswith("m.json: not valid JSON: ")
    assert str(caught.value).endswith("at line 2, column 3")


def test_yaml_error_has_line_and_column() -> None:
    with pytest.raises(DocumentError) as caught:
        load_text("a: [1,\nb: 2", yaml=True)
    assert caught.value.line is not None
    assert caught.value.column is not None
    assert "not valid YAML" in str(caught.value)


def test_bytes_must_be_utf8() -> None:
    assert load_text(b'{"a": "\xc3\xa9"}') == {"a": "é"}
    with pytest.raises(DocumentError, match="not UTF-8"):
        load_text(b"\xff\xfe")


def test_too_deep_is_a_document_error() -> None:
    with pytest.raises(DocumentError, match="nested too deeply"):
        load_text("[" * 100_000 + "]" * 100_000)


def test_files_by_suffix(tmp_path: Path) -> None:
    (tmp_path / "m.asl.yaml").write_text("StartAt: On\n")
    (tmp_path / "m.asl.json").write_text('{"StartAt": "On"}')
    assert load_file(tmp_path / "m.asl.yaml") == {"StartAt": "On"}
    assert load_file(str(tmp_path / "m.asl.json")) == {"StartAt": "On"}
    assert is_yaml_path("x.YML")
    assert not is_yaml_path("x.json")
    with pytest.raises(DocumentError, match="cannot read the file") as caught:
        load_file(tmp_path / "missing.json")
    assert caught.value.source.endswith("missing.json")
