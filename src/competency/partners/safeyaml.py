"""Safe YAML loading: `yaml.safe_load`, refusing alias bombs and keeping dates as written.

Partner data and cost files are YAML written by people; nothing in them may run code (the
safe loader builds only plain data), a few lines of aliases may not expand into billions
of nodes ("billion laughs"), and a key given twice may not silently replace the first.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import yaml

from competency.errors import CompetencyError, Diagnostic, Span

MAX_EXPANDED_NODES = 5_000_000  # YAML aliases may not expand a document past this many nodes
_MERGE = "tag:yaml.org,2002:merge"  # `<<: *base`: keys given again override the merged ones


def parse_yaml(text: str, path: str) -> Any:
    """`yaml.safe_load` that also refuses alias bombs ("billion laughs"), recursive aliases and duplicate keys."""
    return _load(text, path, lambda loader, node: loader.construct_document(node))


DataPath = tuple[str | int, ...]


def parse_yaml_with_spans(text: str, path: str) -> tuple[Any, dict[DataPath, Span]]:
    """`parse_yaml`, and where each value was written: data path -> span (of a mapping entry,
    from its key; of a list item, the item), so that a check on the data can name line:column."""

    def construct(loader: _Loader, node: yaml.Node) -> tuple[Any, dict[DataPath, Span]]:
        spans: dict[DataPath, Span] = {(): _span(node.start_mark, node.end_mark)}
        _collect_spans(node, (), spans)
        return loader.construct_document(node), spans

    found = _load(text, path, construct)
    return found if found is not None else (None, {})


def _load(text: str, path: str, construct: Callable[[_Loader, yaml.Node], Any]) -> Any:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        size = _expanded_size(node, path)
        if size is None:
            alias = next(_aliases_inside_their_nodes(text))
            message = f"YAML alias '*{alias.anchor}' refers to the node that contains it"
            raise _error(message, path, _span(alias.start_mark, alias.end_mark))
        if size > MAX_EXPANDED_NODES:
            raise _error("YAML aliases expand the document past the size limit; refusing it", path)
        return construct(loader, node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise _error(f"invalid YAML: {exc.problem or exc.context}", path, _span(mark) if mark else None) from None
    except yaml.YAMLError as exc:
        raise _error(f"invalid YAML: {exc}", path) from None
    except RecursionError:
        raise _error("invalid YAML: nested too deeply", path) from None
    finally:
        loader.dispose()


def _collect_spans(root: yaml.Node, at: DataPath, spans: dict[DataPath, Span]) -> None:
    """The span of every value under `root`. A node reached twice through an alias keeps the
    first place it is written; merged keys (`<<`) are placed where they are written."""
    stack = [(root, at)]
    while stack:
        node, here = stack.pop()
        if isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                spans.setdefault((*here, index), _span(item.start_mark, item.end_mark))
                stack.append((item, (*here, index)))
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if key.tag == _MERGE:
                    stack.append((value, here))
                elif isinstance(key, yaml.ScalarNode):
                    spans.setdefault((*here, key.value), _span(key.start_mark, value.end_mark))
                    stack.append((value, (*here, key.value)))


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """The safe loader, keeping dates as written: `_build` then reports a bad one (2017-02-30) with its data path."""


def _number(construct):
    """PyYAML's constructor of a number, giving NaN where it would raise: `int()` refuses more than
    4,300 digits, and `!!int`-tagged text may be no number at all (`!!int ""` is an IndexError
    inside PyYAML); the data's checks then refuse NaN with its data path."""

    def constructor(loader: _Loader, node: yaml.ScalarNode) -> int | float:
        try:
            return construct(loader, node)
        except (ValueError, IndexError):
            return math.nan

    return constructor


_Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))
_Loader.add_constructor("tag:yaml.org,2002:int", _number(yaml.constructor.SafeConstructor.construct_yaml_int))
_Loader.add_constructor("tag:yaml.org,2002:float", _number(yaml.constructor.SafeConstructor.construct_yaml_float))


def _expanded_size(root: yaml.Node, path: str) -> int | None:
    """Node count with every alias expanded, computed without expanding (memoized per node); None
    if an alias sits inside the node it names, which expands without end. Each mapping on the way
    is checked for a key given twice."""
    sizes: dict[int, int] = {}
    counting: set[int] = set()  # the nodes from the root down to the one at hand
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        if id(node) in sizes:
            continue
        children = _children(node)
        if done or not children:
            counting.discard(id(node))
            sizes[id(node)] = 1 + sum(sizes.get(id(c), 0) for c in children)
            continue
        if id(node) in counting:
            return None
        if isinstance(node, yaml.MappingNode):
            _refuse_duplicate_keys(node, path)
        counting.add(id(node))
        stack.append((node, True))
        stack.extend((c, False) for c in children if id(c) not in sizes)
    return sizes[id(root)]


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return []


def _refuse_duplicate_keys(node: yaml.MappingNode, path: str) -> None:
    first: dict[tuple[str, str], yaml.ScalarNode] = {}
    for key, _ in node.value:
        if not isinstance(key, yaml.ScalarNode) or key.tag == _MERGE:
            continue  # a mapping or list as a key is refused when constructed
        seen = first.setdefault((key.tag, key.value), key)
        if seen is not key:
            where = f"line {seen.start_mark.line + 1}, column {seen.start_mark.column + 1}"
            raise _error(f"duplicate key '{key.value}' (first at {where})", path, _span(key.start_mark, key.end_mark))


def _aliases_inside_their_nodes(text: str) -> Iterator[yaml.AliasEvent]:
    """The aliases that sit inside the node they name, found in the events: composed nodes keep no aliases."""
    named: dict[str, yaml.NodeEvent] = {}  # anchor -> the node event that defined it last
    unfinished: list[yaml.CollectionStartEvent] = []
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            if named[event.anchor] in unfinished:
                yield event
        elif isinstance(event, yaml.NodeEvent) and event.anchor is not None:
            named[event.anchor] = event
        if isinstance(event, yaml.CollectionStartEvent):
            unfinished.append(event)
        elif isinstance(event, yaml.CollectionEndEvent):
            unfinished.pop()


def _span(start: yaml.Mark, end: yaml.Mark | None = None) -> Span:
    """The span from `start` to `end`, or of the one character at `start`."""
    if end is None:
        return Span(start.line + 1, start.column + 1, start.line + 1, start.column + 2)
    return Span(start.line + 1, start.column + 1, end.line + 1, end.column + 1)


def _error(message: str, path: str, span: Span | None = None) -> CompetencyError:
    return CompetencyError(Diagnostic("I301", message, path, span))


def yaml_spans(text: str, wanted: Sequence[tuple[str | int, ...]]) -> list[Span | None]:
    """Where valid YAML `text` writes the value at each data path (`('people', 3, 'id')`): the
    document is composed again, only to report problems, and each path followed down its nodes."""
    root = yaml.compose(text, Loader=_Loader)
    return [_span(node.start_mark, node.end_mark) if (node := _node_at(root, at)) else None for at in wanted]


def _node_at(node: yaml.Node | None, at: tuple[str | int, ...]) -> yaml.Node | None:
    for part in at:
        if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
        elif isinstance(node, yaml.MappingNode):
            node = _value_of(node, str(part))
        else:
            return None
    return node


def _value_of(node: yaml.MappingNode, key: str) -> yaml.Node | None:
    """The value of `key` in a mapping, given there or merged into it (`<<: *base`); the last given wins."""
    merged = []
    for k, v in reversed(node.value):
        if isinstance(k, yaml.ScalarNode) and k.tag == _MERGE:
            merged += v.value if isinstance(v, yaml.SequenceNode) else [v]
        elif isinstance(k, yaml.ScalarNode) and k.value == key:
            return v
    return next((found for m in merged if isinstance(m, yaml.MappingNode) and (found := _value_of(m, key))), None)
