"""A YAML file's text as YAML reads it: its lines, split where YAML counts them, and a node tree's
data without constructing anything. Shared by the ledger's edits and ``splice`` (which checks an
edited item against the cached model); kept here, below both, so that neither imports the other.
"""

from __future__ import annotations

import re

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

# The line breaks YAML counts (and so the nodes' marks): CRLF, CR, LF, NEL, LS, PS.
_LINE = re.compile(
    r"[^\r\n\x85\u2028\u2029]*(?:\r\n|[\r\n\x85\u2028\u2029])|[^\r\n\x85\u2028\u2029]+"
)


def split_lines(text: str) -> list[str]:
    """The text's lines with their ends, split where YAML counts lines; they join back to it."""
    return _LINE.findall(text)


def node_data(node: Node | None) -> object:
    """The data of a node tree, read by the one loader (``parse_document``, which has refused
    tags, anchors and aliases): scalars as (tag, text), so that nothing is constructed."""
    if isinstance(node, MappingNode):
        return {_hashable(node_data(key)): node_data(value) for key, value in node.value}
    if isinstance(node, SequenceNode):
        return [node_data(child) for child in node.value]
    if isinstance(node, ScalarNode):
        return (node.tag, node.value)
    return None


def _hashable(value: object) -> object:
    if isinstance(value, dict):
        return tuple((key, _hashable(child)) for key, child in value.items())
    if isinstance(value, list):
        return tuple(_hashable(child) for child in value)
    return value
