"""The theme-file model: ids, counts and references."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from mindmap.model.theme import MindMap, slugify


def _map(**changes):
    data = {"id": "m", "title": "T", "headline": "H", "themes": [{"label": "A"}, {"label": "B"}]}
    data.update(changes)
    return MindMap.model_validate(data)


def test_walk_gives_reading_order_with_depths():
    m = _map(themes=[{"label": "A", "subthemes": [{"label": "A1", "subthemes": [{"label": "A1x"}]}]}, {"label": "B"}])
    assert [(t.label, d) for t, d in m.walk()] == [("A", 1), ("A1", 2), ("A1x", 3), ("B", 1)]


@pytest.mark.parametrize("n", [-1, 1.5, "3", True, 10**12])
def test_bad_counts_are_refused(n):
    with pytest.raises(ValidationError):
        _map(n=n)


def test_unknown_keys_are_errors():
    with pytest.raises(ValidationError) as caught:
        _map(colour="red")
    assert caught.value.errors()[0]["type"] == "extra_forbidden"


def test_connection_must_join_two_different_existing_key_themes():
    assert _map(connections=[{"between": ["a", "b"]}]).connections[0].between == ("a", "b")
    for between in (["a", "a"], ["a", "z"]):
        with pytest.raises(ValidationError):
            _map(connections=[{"between": between}])


def test_ids_unique_across_the_whole_map():
    with pytest.raises(ValidationError):
        _map(themes=[{"label": "A", "subthemes": [{"label": "B"}]}, {"label": "B"}])


@pytest.mark.parametrize("bad", ["../x", "/abs", "UPPER", "-lead", "con", "a/b", ""])
def test_map_ids_cannot_escape_the_output_folder_or_be_reserved(bad):
    with pytest.raises(ValidationError):
        _map(id=bad)


def test_slugify_keeps_letters_and_digits():
    assert slugify("Patient [and community] voice") == "patient-and-community-voice"
    assert slugify("Café ŵ 2") == "cafe-w-2"
    assert slugify("!!!") == "theme"
