"""libyaml's parser gives the packaged data exactly as PyYAML's own safe loader does."""

from __future__ import annotations

from importlib import resources

import pytest
import yaml

from frontwire.knowledge import yamldata


def _packaged_yaml() -> list[str]:
    root = resources.files("frontwire.data")
    return sorted(
        f"{folder.name}/{item.name}"
        for folder in root.iterdir()
        if folder.is_dir()
        for item in folder.iterdir()
        if item.name.endswith(".yaml")
    )


@pytest.mark.parametrize("name", _packaged_yaml())
def test_yamldata_same_mapping_as_pure_python_loader(name: str) -> None:
    text = resources.files("frontwire.data").joinpath(name).read_text("utf-8")
    assert yamldata.safe_load(text) == yaml.safe_load(text)


def test_yamldata_invalid_yaml_raises_yaml_error() -> None:
    with pytest.raises(yaml.YAMLError):
        yamldata.safe_load("features: {air: [unclosed")


@pytest.mark.parametrize(
    ("text", "reason"),
    [("words: [a, b", "not valid YAML"), ("- a\n- b\n", "expected a mapping at the top level")],
)
def test_yamldata_load_mapping_names_the_file_and_the_reason(text: str, reason: str) -> None:
    from frontwire.errors import KnowledgeError

    with pytest.raises(KnowledgeError, match=rf"^my/file\.yaml: {reason}"):
        yamldata.load_mapping(text, "my/file.yaml")
    assert yamldata.load_mapping("words: [a, b]", "my/file.yaml") == {"words": ["a", "b"]}
