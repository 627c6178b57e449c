"""A JSON Schema compiled to one plain Python predicate: the fast yes/no of partner validation.

The predicate is straight-line checks and loops: sub-schemas and references are expanded in
place, since a call per array item would cost more than the checks it makes. It answers only
"valid or not" and knows only the keywords the partner and test schemas use; an unknown keyword is an
error at compile time, so the schema stays the single contract. When it says "not valid",
`partner.validate` asks jsonschema for the precise report.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from typing import Any

_ANNOTATIONS = {"$schema", "$id", "title", "description", "default", "$defs", "$comment", "examples"}
_FIRST = {"type": 0, "required": 1}
_TYPES = {
    "object": "isinstance({x}, dict)",
    "array": "isinstance({x}, list)",
    "string": "isinstance({x}, str)",
    "boolean": "isinstance({x}, bool)",
    "number": "(isinstance({x}, (int, float)) and not isinstance({x}, bool))",
    "integer": "(isinstance({x}, int) and not isinstance({x}, bool) or isinstance({x}, float) and {x}.is_integer())",
    "null": "{x} is None",
}


def compile_schema(schema: dict[str, Any]) -> Callable[[Any], bool]:
    """A function telling whether a JSON value (as `json.loads` gives it) satisfies `schema`."""
    compiler = _Compiler(schema)
    entry = compiler.function(schema)
    namespace = dict(compiler.constants)
    exec("\n".join(compiler.lines), namespace)  # our own generated code, from our own schema
    return namespace[entry]


def _bare_ref(schema: dict[str, Any]) -> bool:
    """A schema that only refers to another (annotations aside)."""
    return isinstance(schema, dict) and [k for k in schema if k not in _ANNOTATIONS] == ["$ref"]


def _unique(items: list) -> bool:
    return not any(_equal(a, b) for i, a in enumerate(items) for b in items[i + 1 :])


def _equal(a: Any, b: Any) -> bool:
    """Equality of JSON values: 1 and 1.0 are one number, but true is not 1 (not even inside a list)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    if type(a) is not type(b):
        return False
    if isinstance(a, list):
        return len(a) == len(b) and all(map(_equal, a, b))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_equal(a[k], b[k]) for k in a)
    return a == b


class _Compiler:
    """Writes the predicate's source. Only a recursive reference and a `oneOf` whose branches may
    overlap become functions of their own; everything else is expanded where it is used."""

    def __init__(self, root: dict[str, Any]) -> None:
        self.root = root
        self.lines: list[str] = []
        self.constants: dict[str, Any] = {"_unique": _unique, "_equal": _equal}
        self.refs: dict[str, str] = {}
        self.expanding: set[str] = set()  # references being inlined: meeting one again means recursion
        self.names = itertools.count()

    def function(self, schema: dict[str, Any], name: str | None = None) -> str:
        name = name or f"_f{next(self.names)}"
        body = self.block(schema, "x", None)  # may define functions of its own: their order does not matter
        self.lines.append("\n".join([f"def {name}(x):", *_indent(body), "    return True"]))
        return name

    def block(self, schema: dict[str, Any] | bool, x: str, known: str | None) -> list[str]:
        """Statements that return False unless the value in variable `x` satisfies `schema`.

        `known` is the one type the value is already known to have, if any: its checks are skipped.
        """
        if isinstance(schema, bool):  # `true` admits everything, `false` nothing
            return [] if schema else ["return False"]
        # The type is checked first, so the keywords after it know it; then the required
        # properties, so reading them needs no test that they are there.
        keys = sorted((k for k in schema if k not in _ANNOTATIONS), key=lambda k: _FIRST.get(k, len(_FIRST)))
        after = known or (schema["type"] if isinstance(schema.get("type"), str) else None)
        out: list[str] = []
        for key in keys:
            out += self._keyword(key, schema[key], schema, x, known if key == "type" else after)
        return out

    def _ref(self, pointer: str, x: str, known: str | None) -> list[str]:
        if pointer in self.expanding:  # recursive: call a function instead of inlining forever
            if pointer not in self.refs:
                self.refs[pointer] = f"_f{next(self.names)}"  # named first: its body calls itself
                self.function(self._resolve(pointer), self.refs[pointer])
            return [f"if not {self.refs[pointer]}({x}): return False"]
        self.expanding.add(pointer)
        try:
            return self.block(self._resolve(pointer), x, known)
        finally:
            self.expanding.discard(pointer)

    def _declared_type(self, schema: dict[str, Any]) -> str | None:
        """The one type `schema` (or the schema it only refers to) declares, if any."""
        while _bare_ref(schema):
            schema = self._resolve(schema["$ref"])
        kind = schema.get("type") if isinstance(schema, dict) else None
        # Only types no value shares: an integer is also a number.
        return kind if isinstance(kind, str) and kind in ("object", "array", "string", "boolean") else None

    def _resolve(self, pointer: str) -> Any:
        node: Any = self.root
        for part in pointer.removeprefix("#/").split("/"):
            node = node[part]
        return node

    def constant(self, value: Any) -> str:
        """The name of a global holding `value`: built once, not on every call."""
        name = f"_c{next(self.names)}"
        self.constants[name] = value
        return name

    def _var(self) -> str:
        return f"v{next(self.names)}"

    def _keyword(self, key: str, value: Any, schema: dict[str, Any], x: str, known: str | None) -> list[str]:
        fail = "return False"
        # Keywords about one type ignore values of other types: guard them unless the type is known.
        is_dict, is_list, is_str = (
            "" if known == kind else f"isinstance({x}, {kind_type}) and "
            for kind, kind_type in (("object", "dict"), ("array", "list"), ("string", "str"))
        )
        match key:
            case "$ref":
                return self._ref(value, x, known)
            case "type":
                kinds = value if isinstance(value, list) else [value]
                if kinds == [known]:  # the enclosing oneOf branch has checked it
                    return []
                return [f"if not ({' or '.join(_TYPES[k].format(x=x) for k in kinds)}): {fail}"]
            case "required":
                return [f"if {is_dict}{name!r} not in {x}: {fail}" for name in value]
            case "properties":
                out = []
                for prop, sub in value.items():
                    v = self._var()
                    body = self.block(sub, v, None)
                    if body:
                        present = "" if prop in schema.get("required", ()) else f"{prop!r} in {x}"
                        read = [f"{v} = {x}[{prop!r}]", *body]
                        out += _guarded(is_dict + present, read)
                return out
            case "additionalProperties":
                declared = set(schema.get("properties", {}))
                if value is False:
                    return [f"if {is_dict}not {x}.keys() <= {self.constant(frozenset(declared))}: {fail}"]
                k, v = self._var(), self._var()
                body = self.block(value, v, None)
                if not body:
                    return []
                if declared:
                    body = [f"if {k} not in {self.constant(frozenset(declared))}:", *_indent(body)]
                return _guarded(is_dict, [f"for {k}, {v} in {x}.items():", *_indent(body)])
            case "propertyNames":
                v = self._var()
                body = self.block(value, v, None)
                return _guarded(is_dict, [f"for {v} in {x}:", *_indent(body)]) if body else []
            case "items":
                v = self._var()
                body = self.block(value, v, None)
                return _guarded(is_list, [f"for {v} in {x}:", *_indent(body)]) if body else []
            case "minProperties":
                return [f"if {is_dict}len({x}) < {int(value)}: {fail}"]
            case "uniqueItems":
                return [f"if {is_list}not _unique({x}): {fail}"] if value else []
            case "enum":
                if all(type(e) is str for e in value):  # a set lookup
                    return [f"if not (isinstance({x}, str) and {x} in {self.constant(frozenset(value))}): {fail}"]
                return [f"if not any(_equal({x}, e) for e in {self.constant(list(value))}): {fail}"]
            case "minLength":
                most = f" <= {int(schema['maxLength'])}" if "maxLength" in schema else ""  # one test for both
                return [f"if {is_str}not {int(value)} <= len({x}){most}: {fail}"]
            case "maxLength":
                return [] if "minLength" in schema else [f"if {is_str}len({x}) > {int(value)}: {fail}"]
            case "minimum":
                number = "" if known in ("number", "integer") else _TYPES["number"].format(x=x) + " and "
                return [f"if {number}{x} < {value!r}: {fail}"]
            case "pattern":
                return [f"if {is_str}not {self.constant(re.compile(value).search)}({x}): {fail}"]
            case "oneOf":
                kinds = [self._declared_type(sub) for sub in value]
                if None not in kinds and len(set(kinds)) == len(kinds):
                    # Branches of different types: at most one can hold, so check only the one whose type fits.
                    out = []
                    for i, (kind, sub) in enumerate(zip(kinds, value, strict=True)):
                        out += [f"{'if' if i == 0 else 'elif'} {_TYPES[kind].format(x=x)}:"]
                        out += _indent(self.block(sub, x, kind) or ["pass"])
                    return [*out, f"else: {fail}"]
                n = self._var()
                return [f"{n} = {' + '.join(f'{self.function(sub)}({x})' for sub in value)}", f"if {n} != 1: {fail}"]
        raise ValueError(f"schemacheck does not know the keyword {key!r}")


def _indent(lines: list[str]) -> list[str]:
    return ["    " + line for line in lines]


def _guarded(condition: str, lines: list[str]) -> list[str]:
    """`lines` run only when `condition` holds ("" for always; a trailing " and " is dropped)."""
    condition = condition.removesuffix(" and ")
    return [f"if {condition}:", *_indent(lines)] if condition else lines
