"""A JSON Schema compiled to one plain Python predicate: the fast yes/no of partner validation.

It answers only "valid or not" and knows only the keywords the partner schema uses; an unknown
keyword is an error at compile time, so the schema stays the single contract. When it says
"not valid", `partner.validate` asks jsonschema for the precise report.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

_ANNOTATIONS = {"$schema", "$id", "title", "description", "default", "$defs", "$comment", "examples"}
_TYPES = {
    "object": "isinstance({x}, dict)",
    "array": "isinstance({x}, list)",
    "string": "isinstance({x}, str)",
    "boolean": "isinstance({x}, bool)",
    "number": "(isinstance({x}, (int, float)) and not isinstance({x}, bool))",
    "integer": "(isinstance({x}, int) and not isinstance({x}, bool))",
    "null": "{x} is None",
}


def compile_schema(schema: dict[str, Any]) -> Callable[[Any], bool]:
    """A function telling whether a JSON value (as `json.loads` gives it) satisfies `schema`."""
    compiler = _Compiler(schema)
    entry = compiler.function(schema)
    namespace: dict[str, Any] = {"_re": compiler.patterns, "_unique": _unique}
    exec("\n".join(compiler.lines), namespace)  # our own generated code, from our own schema
    return namespace[entry]


def _bare_ref(schema: dict[str, Any]) -> bool:
    """A schema that only refers to another (annotations aside)."""
    return [k for k in schema if k not in _ANNOTATIONS] == ["$ref"]


def _unique(items: list) -> bool:
    seen = []
    for item in items:
        key = (type(item) is bool, item)  # JSON: true and 1 differ
        if key in seen:
            return False
        seen.append(key)
    return True


class _Compiler:
    def __init__(self, root: dict[str, Any]) -> None:
        self.root = root
        self.lines: list[str] = []
        self.patterns: list[re.Pattern[str]] = []
        self.refs: dict[str, str] = {}

    def function(self, schema: dict[str, Any]) -> str:
        if _bare_ref(schema):  # no wrapper function
            return self._ref(schema["$ref"])
        name = f"_v{len(self.lines)}_{id(schema)}"
        body: list[str] = []
        self.lines.append("")  # reserve the name's place; filled below
        slot = len(self.lines) - 1
        # With one declared type checked first, the other keywords need no guard for it.
        keys = sorted((k for k in schema if k not in _ANNOTATIONS), key=lambda k: k != "type")
        known = schema.get("type") if isinstance(schema.get("type"), str) else None
        for key in keys:
            body += self._keyword(key, schema[key], schema, known)
        self.lines[slot] = "\n".join([f"def {name}(x):", *("    " + b for b in body), "    return True"])
        return name

    def _declared_type(self, schema: dict[str, Any]) -> str | None:
        """The one type `schema` (or the schema it only refers to) declares, if any."""
        while _bare_ref(schema):
            schema = self._resolve(schema["$ref"])
        kind = schema.get("type")
        # Only types no value shares: an integer is also a number.
        return kind if isinstance(kind, str) and kind in ("object", "array", "string", "boolean") else None

    def _resolve(self, pointer: str) -> Any:
        node: Any = self.root
        for part in pointer.removeprefix("#/").split("/"):
            node = node[part]
        return node

    def _ref(self, pointer: str) -> str:
        if pointer not in self.refs:
            self.refs[pointer] = "pending"
            self.refs[pointer] = self.function(self._resolve(pointer))
        return self.refs[pointer]

    def _keyword(self, key: str, value: Any, schema: dict[str, Any], known: str | None) -> list[str]:
        fail = "return False"
        is_dict, is_list, is_str = (
            "" if known == kind else f"isinstance(x, {kind_type}) and "
            for kind, kind_type in (("object", "dict"), ("array", "list"), ("string", "str"))
        )
        match key:
            case "$ref":
                return [f"if not {self._ref(value)}(x): {fail}"]
            case "type":
                kinds = value if isinstance(value, list) else [value]
                return [f"if not ({' or '.join(_TYPES[k].format(x='x') for k in kinds)}): {fail}"]
            case "required":
                return [f"if {is_dict}not {{{', '.join(map(repr, value))}}} <= x.keys(): {fail}"]
            case "properties":
                out = []
                for prop, sub in value.items():
                    out.append(f"if {is_dict}{prop!r} in x and not {self.function(sub)}(x[{prop!r}]): {fail}")
                return out
            case "additionalProperties":
                declared = set(schema.get("properties", {}))
                if value is False:
                    return [f"if {is_dict}not x.keys() <= {declared!r}: {fail}"]
                check = self.function(value)
                values = f"(v for k, v in x.items() if k not in {declared!r})" if declared else "x.values()"
                return [f"if {is_dict}not all(map({check}, {values})): {fail}"]
            case "propertyNames":
                return [f"if {is_dict}not all(map({self.function(value)}, x)): {fail}"]
            case "items":
                return [f"if {is_list}not all(map({self.function(value)}, x)): {fail}"]
            case "uniqueItems":
                return [f"if {is_list}not _unique(x): {fail}"] if value else []
            case "enum":
                return [f"if not any(x == e and type(x) is type(e) for e in {value!r}): {fail}"]
            case "minLength":
                return [f"if {is_str}len(x) < {int(value)}: {fail}"]
            case "maxLength":
                return [f"if {is_str}len(x) > {int(value)}: {fail}"]
            case "minimum":
                number = _TYPES["number"].format(x="x")
                return [f"if {number} and x < {value!r}: {fail}"]
            case "pattern":
                self.patterns.append(re.compile(value))
                return [f"if {is_str}not _re[{len(self.patterns) - 1}].search(x): {fail}"]
            case "oneOf":
                kinds = [self._declared_type(sub) for sub in value]
                if None not in kinds and len(set(kinds)) == len(kinds):
                    # Branches of different types: at most one can hold, so test only the one whose type fits.
                    tests = [
                        f"{'if' if i == 0 else 'elif'} {_TYPES[kind].format(x='x')}: ok = {self.function(sub)}(x)"
                        for i, (kind, sub) in enumerate(zip(kinds, value, strict=True))
                    ]
                    return [*tests, "else: ok = False", f"if not ok: {fail}"]
                counts = [f"n += {self.function(sub)}(x)" for sub in value]
                return ["n = 0", *counts, f"if n != 1: {fail}"]
        raise ValueError(f"schemacheck does not know the keyword {key!r}")
