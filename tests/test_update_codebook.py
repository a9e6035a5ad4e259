"""``update-codebook`` changes the labelling config before it migrates annotations, so that
every ANNOTATION_UPDATED it causes carries a config with the annotation's new code
(scripts/project.py), and the config Label Studio ends with is the new codebook's."""

from __future__ import annotations

from types import SimpleNamespace

from ls_thematic.backend.scheme import CodingScheme
from ls_thematic.label_config.codebook import Codebook
from ls_thematic.label_config.lsxml import codebook_to_label_config, control_names
from ls_thematic.scripts.project import bridging_config, update_codebook

OLD = {"title": "Book", "codes": [{"name": "Psychology"}, {"name": "Money"}]}
NEW = {"title": "Book", "codes": [{"name": "Psychological approach"}, {"name": "Money"}]}


class FakeLabelStudio:
    """Records, in order, each config update (its codes) and each annotation update."""

    def __init__(self, config: str, tasks: list[dict]):
        self.config = config
        self.calls: list[tuple] = []
        self.projects = SimpleNamespace(get=self._get, update=self._update)
        self.tasks = SimpleNamespace(list=lambda **kwargs: iter(tasks))
        self.annotations = SimpleNamespace(update=self._annotation)
        self._client_wrapper = SimpleNamespace(get_base_url=lambda: "http://ls.test")

    def _get(self, id):
        return SimpleNamespace(id=id, label_config=self.config)

    def _update(self, id, label_config):
        self.config = label_config
        self.calls.append(("config", tuple(sorted(control_names(label_config)[2]))))

    def _annotation(self, id, result):
        labels = result[0]["value"]["labels"]
        # What the backend gets in the ANNOTATION_UPDATED: the project's config of that moment.
        known = CodingScheme.from_config(self.config).labels
        self.calls.append(("annotation", id, tuple(labels), all(x in known for x in labels)))


def test_the_config_changes_before_the_annotations_and_ends_as_the_new_codebook():
    span = {
        "from_name": "code",
        "to_name": "text",
        "type": "labels",
        "value": {"start": 0, "end": 4, "text": "Some", "labels": ["Psychology"]},
    }
    tasks = [{"id": 1, "data": {"text": "Some text"}, "annotations": [{"id": 9, "result": [span]}]}]
    client = FakeLabelStudio(codebook_to_label_config(Codebook.from_dict(OLD)), tasks)
    new_book = Codebook.from_dict(NEW)
    change = update_codebook(client, 1, new_book, rename={"Psychology": "Psychological approach"})
    assert change.annotations_migrated == 1 and change.updated
    unsure = new_book.codable_names[-1]
    assert client.calls == [
        ("config", tuple(sorted(["Money", "Psychological approach", "Psychology", unsure]))),
        ("annotation", 9, ("Psychological approach",), True),
        ("config", tuple(sorted(["Money", "Psychological approach", unsure]))),
    ]
    assert client.config == codebook_to_label_config(new_book)


def test_a_bridging_config_keeps_a_renamed_control_beside_the_new_one():
    new = codebook_to_label_config(Codebook.from_dict(NEW))
    bridge = bridging_config(new, "code", "theme", ["Psychology", "Money"])
    scheme = CodingScheme.from_config(bridge)
    assert scheme.from_name == "code" and "theme" in scheme.controls
    assert "Psychology" not in scheme.labels
    assert bridge.count('<Label value="Psychology"/>') == 1
