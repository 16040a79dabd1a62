"""Parameter files are read as plain data, safely, with messages that name file and line."""

import pytest

from ecosystems import ParameterError
from ecosystems.io.paramfile import MAX_BYTES, read_param_file


def write(tmp_path, text, name="p.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_plain_mapping_reads(tmp_path):
    path = write(tmp_path, "thresholds:\n  innovation: [0.05, 0.2]\ncut_method: null\n")
    assert read_param_file(path) == {"thresholds": {"innovation": [0.05, 0.2]},
                                     "cut_method": None}
    assert read_param_file(write(tmp_path, "", "empty.yaml")) == {}


@pytest.mark.parametrize("text, message", [
    ("x: !!python/object/apply:os.system ['echo hi']\n", "plain values only"),
    ("a: &x [1, 2]\nb: *x\n", "line 1: anchors and aliases"),
    ("- 1\n- 2\n", "must be a mapping of name: value, got a list"),
    ("a: [1, 2\n", "not valid YAML"),
    ("1: one\n", "parameter names must be text"),
    ("a: {b: {c: {d: {e: {f: {g: 1}}}}}}\n", "nested more than"),
])
def test_unsafe_or_malformed_files_are_refused(tmp_path, text, message):
    with pytest.raises(ParameterError, match=message) as err:
        read_param_file(write(tmp_path, text))
    assert "p.yaml" in str(err.value)


def test_an_alias_bomb_is_refused_before_it_expands(tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]
    with pytest.raises(ParameterError, match="anchors and aliases"):
        read_param_file(write(tmp_path, "\n".join(lines) + "\n"))


def test_missing_folder_and_oversized_files(tmp_path):
    with pytest.raises(ParameterError, match="no such parameter file"):
        read_param_file(tmp_path / "nope.yaml")
    with pytest.raises(ParameterError, match="not a file"):
        read_param_file(tmp_path)
    big = write(tmp_path, "a: " + "x" * (MAX_BYTES + 1) + "\n", "big.yaml")
    with pytest.raises(ParameterError, match="bytes; a parameter file is at most"):
        read_param_file(big)
