"""Babel extractor for the policy YAML: yields only human-readable fields, with the data path as a comment.

Ids, answer values, rules, dates and URLs are never extracted, so translators cannot break logic.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, BinaryIO

import yaml

from app.policy.yamlload import StrictLoader

# Keys whose string values (or list of strings) are words a person reads.
TEXT_KEYS = {
    "text", "hint", "why", "name", "explanation", "lawyer_note", "documents", "title", "short_title",
    "summary", "action", "pin", "factors_note", "switch_label",
}
# Keys whose mapping values are labels (the mapping's keys are answer values, never translated).
LABEL_MAPS = {"labels", "option_labels"}
# Keys whose subtrees hold no words to translate: phone numbers and addresses, formal citations.
SKIP_KEYS = {"contacts", "sources"}
# The words under this key are an item's wording for someone answering for another person, told to the translator.
FOR_OTHER_KEY = "for_someone_else"
FOR_OTHER_NOTE = ('the wording for someone answering for another person (a relative, a client at a desk): '
                  'it speaks of "the person", not "you"')
# Where an item of what is true now (present.yaml) shows, for the translator.
PLACE_WORDS = {
    "urgent": "the result's urgent help, first on the page (also the PDF and the API)",
    "today": "the result's \"What this means today\" (also the PDF and the API)",
    "next_step": "the result's next steps (also the PDF and the API)",
}


def _walk(node: yaml.Node, path: str, text_context: bool) -> Iterator[tuple[int, str, str]]:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            if key in SKIP_KEYS:
                continue
            if key in LABEL_MAPS and isinstance(value_node, yaml.MappingNode):
                for label_key, label_node in value_node.value:
                    if isinstance(label_node, yaml.ScalarNode) and label_node.value:
                        where = f"{path}.{key}" if path else key
                        yield label_node.start_mark.line + 1, label_node.value, f"{where}.{label_key.value}"
                continue
            yield from _walk(value_node, f"{path}.{key}" if path else key, key in TEXT_KEYS)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            label = path
            if isinstance(item, yaml.MappingNode):
                ids = [v.value for k, v in item.value if k.value == "id" and isinstance(v, yaml.ScalarNode)]
                label = f"{path}[{ids[0]}]" if ids else f"{path}[{i}]"
            else:
                label = f"{path}[{i}]"
            yield from _walk(item, label, text_context)
    elif isinstance(node, yaml.ScalarNode) and text_context and node.tag.endswith(":str") and node.value.strip():
        yield node.start_mark.line + 1, node.value, path


def extract_policy_yaml(fileobj: BinaryIO, keywords: Any, comment_tags: Any, options: dict) -> Iterator[tuple]:
    """Babel extraction method `policy_yaml`: (lineno, funcname, message, comments) tuples."""
    root = yaml.compose(fileobj.read().decode("utf-8"), Loader=StrictLoader)
    if root is None:
        return
    places = _item_places(root)
    for lineno, message, path in _walk(root, "", False):
        shows = next((PLACE_WORDS[place] for item, place in places.items() if path.startswith(f"items[{item}].")), None)
        notes = [f"shows in {shows}"] if shows else []
        if f".{FOR_OTHER_KEY}." in path:
            notes.append(FOR_OTHER_NOTE)
        yield lineno, "_", message, ["; ".join([f"policy data: {path}", *notes])]


def _item_places(root: yaml.Node) -> dict[str, str]:
    """present.yaml's items: where each shows, by id."""
    places: dict[str, str] = {}
    for key_node, value_node in root.value if isinstance(root, yaml.MappingNode) else ():
        if key_node.value == "items" and isinstance(value_node, yaml.SequenceNode):
            for item in value_node.value:
                fields = {k.value: v.value for k, v in item.value if isinstance(v, yaml.ScalarNode)}
                if fields.get("id") and fields.get("place") in PLACE_WORDS:
                    places[fields["id"]] = fields["place"]
    return places
