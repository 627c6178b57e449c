"""The compiled fast check of a JSON Schema against jsonschema itself, on random schemas and values."""

from __future__ import annotations

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from competency.partners.schemacheck import compile_schema

KEYS = ["a", "b", "code"]
TYPES = ["object", "array", "string", "boolean", "number", "integer", "null"]

scalars = (
    st.none()
    | st.booleans()
    | st.integers(-2, 2)
    | st.sampled_from([0.0, 1.0, 1.5, -0.5])
    | st.sampled_from(["", "a", "ab", "b1", "2017-01-01"])
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(KEYS), inner, max_size=3),
    max_leaves=8,
)
leaf_schemas = st.fixed_dictionaries(
    {},
    optional={
        "type": st.sampled_from(TYPES) | st.lists(st.sampled_from(TYPES), min_size=1, max_size=2, unique=True),
        "minLength": st.integers(0, 2),
        "maxLength": st.integers(0, 2),
        "minimum": st.integers(-1, 1) | st.just(0.5),
        "enum": st.lists(scalars, min_size=1, max_size=3),
        "pattern": st.sampled_from(["^a", "b$", "[0-9]", "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"]),
        "uniqueItems": st.booleans(),
    },
)


def _nested(inner):
    inner = inner | st.booleans()  # `true` and `false` are schemas too
    return st.fixed_dictionaries(
        {},
        optional={
            "type": st.sampled_from(TYPES),
            "required": st.lists(st.sampled_from(KEYS), max_size=2, unique=True),
            "properties": st.dictionaries(st.sampled_from(KEYS), inner, max_size=2),
            "additionalProperties": inner,
            "propertyNames": inner,
            "minProperties": st.integers(0, 2),
            "items": inner,
            "oneOf": st.lists(inner, min_size=1, max_size=3),
            "$ref": st.just("#/$defs/word"),
        },
    )


schemas = st.recursive(leaf_schemas, _nested, max_leaves=6).map(
    lambda schema: {**schema, "$defs": {"word": {"type": "string", "minLength": 1}}}
)


@settings(max_examples=600, deadline=None)
@given(schemas, st.lists(values, min_size=1, max_size=4))
def test_the_fast_check_agrees_with_jsonschema(schema, instances):
    check = compile_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for instance in instances:
        assert check(instance) is validator.is_valid(instance), (schema, instance)


CHILDREN = {"type": "array", "items": {"$ref": "#/$defs/node"}}
TREE = {"$defs": {"node": {"type": "object", "properties": {"children": CHILDREN}}}, "$ref": "#/$defs/node"}


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ({}, True),
        ({"children": [{}, {"children": [{}]}]}, True),
        ({"children": [{"children": [1]}]}, False),
        ({"children": {}}, False),
    ],
)
def test_a_recursive_reference_is_checked_to_any_depth(value, valid):
    assert compile_schema(TREE)(value) is valid


def test_the_fast_check_refuses_a_keyword_it_does_not_know():
    with pytest.raises(ValueError, match="'format'"):
        compile_schema({"type": "string", "format": "date"})
    assert compile_schema({"type": "string", "maxLength": 2})("ab") is True


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("MB2-714", True),
        ("", False),
        ({"code": "X"}, True),
        ({"code": 1}, False),
        ({}, False),
        (3, False),
        (None, False),
    ],
)
def test_the_fast_check_of_a_one_of_with_branches_of_different_types(value, valid):
    code = {"type": "object", "required": ["code"], "properties": {"code": {"type": "string"}}}
    schema = {"oneOf": [{"type": "string", "minLength": 1}, code]}
    assert compile_schema(schema)(value) is valid
    assert compile_schema({"type": "array", "items": schema})([value]) is valid


def test_the_fast_check_of_a_one_of_whose_branches_overlap_counts_them():
    check = compile_schema({"oneOf": [{"type": "string"}, {"type": "string", "minLength": 2}]})
    assert (check("a"), check("ab"), check(1)) == (True, False, False)  # "ab" satisfies both: not exactly one


@pytest.mark.parametrize(
    ("schema", "value", "valid"),
    [
        ({"enum": [1]}, 1.0, True),  # one number
        ({"enum": [1]}, True, False),  # true is not 1
        ({"enum": [[1]]}, [True], False),
        ({"uniqueItems": True}, [1, 1.0], False),
        ({"uniqueItems": True}, [[1], [True]], True),
        ({"type": "integer"}, 2.0, True),
        ({"type": "integer"}, 2.5, False),
    ],
)
def test_json_equality_and_integers_follow_json_schema(schema, value, valid):
    assert compile_schema(schema)(value) is valid
