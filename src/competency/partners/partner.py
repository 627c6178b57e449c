"""Partner data: YAML or JSON, loaded safely, validated against the shipped JSON Schema.

Errors name the file, the data path (`people[3].credentials[0]`) and, for a file, the line
and column of the value; every problem is reported in one run, never a traceback.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any, overload

from competency.errors import CompetencyError, Diagnostic, Span
from competency.files import STDIN, read_text, shown_name
from competency.language.ast import MAX_DIGITS
from competency.terminal import MAX_FINDINGS

DataPath = tuple[str | int, ...]  # ('people', 3, 'credentials', 0)
Locate = Callable[[Sequence[DataPath]], list[Span | None]]  # data paths -> where their values are written

MAX_DATA_BYTES = 200_000_000
MAX_NUMBER = 10**MAX_DIGITS  # metric values and costs stay below it, as thresholds do


@dataclass(frozen=True, slots=True)
class Earned:
    """A credential a person holds; `date` is when it was passed and `expires` the first day
    it no longer counts, if known."""

    code: str
    date: dt.date | None = None
    expires: dt.date | None = None

    def counts_on(self, day: dt.date) -> bool:
        return (self.date is None or self.date <= day) and (self.expires is None or day < self.expires)


@dataclass(frozen=True, slots=True)
class Person:
    id: str
    name: str | None
    credentials: tuple[Earned, ...]


@dataclass(frozen=True, slots=True)
class People(Sequence[Person]):
    """A partner's people, kept by column: a sequence of `Person`s, each made when asked for.

    The engine reads the columns: evaluating 100,000 people needs their ids and credentials,
    and making 100,000 objects would cost more than all of its matching.
    """

    ids: tuple[str, ...]
    names: tuple[str | None, ...]
    credentials: tuple[tuple[Earned, ...], ...]

    def __post_init__(self) -> None:
        if not len(self.ids) == len(self.names) == len(self.credentials):
            raise ValueError("People: ids, names and credentials must have one entry per person")

    @classmethod
    def of(cls, persons: Iterable[Person]) -> People:
        persons = tuple(persons)
        return cls(tuple(p.id for p in persons), tuple(p.name for p in persons), tuple(p.credentials for p in persons))

    def __len__(self) -> int:
        return len(self.ids)

    @overload
    def __getitem__(self, index: int) -> Person: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Person, ...]: ...
    def __getitem__(self, index: int | slice) -> Person | tuple[Person, ...]:
        if isinstance(index, slice):
            return tuple(map(Person, self.ids[index], self.names[index], self.credentials[index]))
        return Person(self.ids[index], self.names[index], self.credentials[index])

    def __iter__(self) -> Iterator[Person]:
        return map(Person, self.ids, self.names, self.credentials)


@dataclass(frozen=True, slots=True)
class Partner:
    name: str
    market: str
    as_of: dt.date | None
    metrics: Mapping[str, Decimal]
    associations: frozenset[str]
    attributes: Mapping[str, bool]
    people: People
    id: str | None = None


@functools.cache
def schema() -> dict[str, Any]:
    """The partner data JSON Schema shipped in the package."""
    text = resources.files("competency").joinpath("schema/partner.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


@functools.cache
def _validator():
    import jsonschema  # imported on first use: it is the slowest import of the package

    return jsonschema.Draft202012Validator(schema())


@functools.cache
def _person_schema() -> dict[str, Any]:
    """The schema of one person, taken from the partner schema (with its definitions, for the references)."""
    whole = schema()
    return {**whole["properties"]["people"]["items"], "$defs": whole["$defs"]}


@functools.cache
def _person_validator():
    import jsonschema

    return jsonschema.Draft202012Validator(_person_schema())


def load_partner(path: str | Path) -> Partner:
    """Read, parse and validate one partner file (`.json`, or YAML for anything else); `-` reads
    standard input, as JSON if it starts with `{`, else as YAML."""
    text = read_text(path, MAX_DATA_BYTES)
    path, given = shown_name(path), str(path)
    if given.endswith(".json") or (given == STDIN and text.lstrip().startswith("{")):
        raw, locate = parse_json(text, path), functools.partial(json_spans, text)
    else:
        from competency.partners.safeyaml import parse_yaml, yaml_spans  # only YAML input pays for importing PyYAML

        raw, locate = parse_yaml(text, path), functools.partial(yaml_spans, text)
    return partner_from_text_data(raw, path, locate)


def partner_from_data(raw: Any, path: str = "<data>") -> Partner:
    """Validate already-parsed data (dates may be `datetime.date`) and build a `Partner`."""
    return partner_from_text_data(_dates_to_text(raw), path)


def partner_from_text_data(data: Any, path: str = "<data>", locate: Locate | None = None) -> Partner:
    """Validate and build data as JSON or our YAML loader gives it: dates are text already, so no copy.

    Every problem is reported, each with its data path; `locate` adds where the file writes it.
    """
    problems = schema_problems(data)
    partner = None if problems else _build(data, problems)  # it adds what the schema cannot say
    if problems:
        raise _refused(problems, path, locate)
    return partner


def parse_json(text: str, path: str) -> Any:
    """`json.loads`, refusing a key given twice; NaN, infinities and huge numbers are left to `_build`."""
    try:
        data = json.loads(text, parse_int=_json_int)
    except json.JSONDecodeError as exc:
        raise _error("I301", f"invalid JSON: {exc.msg}", path, span=_point(exc.lineno, exc.colno)) from None
    except RecursionError:
        raise _error("I301", "invalid JSON: nested too deeply", path) from None
    # Each pair is a colon outside the texts; fewer pairs means a key was given twice. Counting
    # colons within texts too is far quicker, and almost always the same.
    pairs = _pairs(data)
    if text.count(":") != pairs and _JSON_TEXT.sub("", text).count(":") != pairs:
        _refuse_duplicate_keys(text, path)
    return data


def _json_int(text: str) -> int | float:
    # More digits are out of range anyway, and int() refuses more than 4,300: a float is enough.
    return int(text) if len(text) <= MAX_DIGITS + 1 else float(text)


def _pairs(data: Any) -> int:
    """Key-value pairs in the mappings partner data has (mappings elsewhere fail validation anyway)."""
    if type(data) is not dict:
        return 0
    count = len(data) + sum(len(data[k]) for k in ("metrics", "attributes") if type(data.get(k)) is dict)
    people = data.get("people")
    for person in people if type(people) is list else ():
        if type(person) is dict:
            count += len(person)
            credentials = person.get("credentials")
            for credential in credentials if type(credentials) is list else ():
                if type(credential) is dict:
                    count += len(credential)
    return count


_JSON_TEXT = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_JSON_TOKEN = re.compile(rf"{_JSON_TEXT.pattern}|[{{}}\[\],]")  # a text, a bracket or a comma


def _refuse_duplicate_keys(text: str, path: str) -> None:
    """Scan valid JSON for a key given twice in one object, and refuse it naming both places."""
    objects: list[dict[str, int] | None] = []  # per open bracket: an object's keys (to their offsets), None for a list
    key_next = False
    for token in _JSON_TOKEN.finditer(text):
        match token.group():
            case "{":
                objects.append({})
                key_next = True
            case "[":
                objects.append(None)
                key_next = False
            case "}" | "]":
                objects.pop()
                key_next = False
            case ",":
                key_next = objects[-1] is not None
            case quoted if key_next:
                key, keys = json.loads(quoted), objects[-1]
                if key in keys:
                    line, column = _line_column(text, keys[key])
                    message = f"duplicate key '{key}' (first at line {line}, column {column})"
                    line, column = _line_column(text, token.start())
                    raise _error("I301", message, path, span=Span(line, column, line, column + len(quoted)))
                keys[key] = token.start()
                key_next = False


_JSON_ANY_TOKEN = re.compile(rf'{_JSON_TEXT.pattern}|[{{}}\[\],:]|[^\s{{}}\[\],:"]+')


def json_spans(text: str, wanted: Sequence[DataPath]) -> list[Span | None]:
    """Where valid JSON `text` writes the value at each data path: one scan of its tokens, made
    only to report problems, that stops once all are found."""
    missing, found = set(wanted), {}
    containers: list[tuple[DataPath, list[int] | None]] = []  # per open bracket: its path; a list's index
    at: DataPath = ()  # the path of the next value
    key_next = False
    for token in _JSON_ANY_TOKEN.finditer(text):
        match token.group():
            case ":":
                continue
            case ",":
                parent, index = containers[-1]
                if index is None:
                    key_next = True
                else:
                    index[0] += 1
                    at = (*parent, index[0])
                continue
            case "}" | "]":
                containers.pop()
                key_next = False
                continue
            case quoted if key_next:
                at, key_next = (*containers[-1][0], json.loads(quoted)), False
                continue
            case value:
                if at in missing:
                    missing.discard(at)
                    line, column = _line_column(text, token.start())
                    found[at] = Span(line, column, line, column + (1 if value in ("{", "[") else len(value)))
                    if not missing:
                        break
                if value == "{":
                    containers.append((at, None))
                    key_next = True
                elif value == "[":
                    containers.append((at, [0]))
                    at = (*at, 0)
    return [found.get(at) for at in wanted]


def _line_column(text: str, offset: int) -> tuple[int, int]:
    return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)


def _dates_to_text(value: Any) -> Any:
    """YAML reads `2017-09-01` as a date; the schema (and JSON) see it as text."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k if not isinstance(k, dt.date) else k.isoformat(): _dates_to_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_dates_to_text(v) for v in value]
    return value


# ---- validation -------------------------------------------------------------------------


def data_path(parts) -> str:
    """`('people', 3, 'credentials', 0)` -> `people[3].credentials[0]`."""
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


@functools.cache
def _fast_check():
    """The schema compiled to one plain predicate: several times faster than jsonschema on valid data."""
    from competency.partners.schemacheck import compile_schema

    return compile_schema(schema())


@functools.cache
def _fast_person_check():
    from competency.partners.schemacheck import compile_schema

    return compile_schema(_person_schema())


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with partner data: where (the data path) and what."""

    at: DataPath
    message: str


def schema_problems(data: Any) -> list[Problem]:
    """Every schema violation, each worded by its most specific cause (in the schema's order).

    The fast check finds the people that fail, and only they go through jsonschema: its full
    report on a large partner takes far longer than evaluating it. Past `MAX_FINDINGS`, a failing
    person is only counted, with a problem saying so: nobody reads the wording of the rest.
    """
    if _fast_check()(data):
        return []
    people = data.get("people") if type(data) is dict else None
    if type(people) is not list:
        return _worded(_validator().iter_errors(data), ())
    problems = _worded(_validator().iter_errors({**data, "people": []}), ())
    person_holds = _fast_person_check()
    for i, person in enumerate(people):
        if person_holds(person):
            continue
        if len(problems) < MAX_FINDINGS:
            problems += _worded(_person_validator().iter_errors(person), ("people", i))
        else:
            problems.append(Problem(("people", i), "does not match the partner schema"))
    return problems


def schema_violation(validator, data: Any) -> tuple[str, DataPath] | None:
    """The first violation of `validator`'s schema in `data` (in the data's order), worded by its
    most specific cause as partner data's are: for other documents checked by a JSON Schema."""
    problems = sorted(_worded(validator.iter_errors(data), ()), key=lambda problem: _order(problem.at))
    return (problems[0].message, problems[0].at) if problems else None


def _worded(errors, prefix: DataPath) -> list[Problem]:
    return [problem for error in errors for cause in _causes(error) for problem in _problems(cause, prefix)]


def _problems(error, prefix: DataPath) -> list[Problem]:
    """One problem per unknown field, placed at the field (its line, not its mapping's); else the error's."""
    at = prefix + tuple(error.absolute_path)
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        known = error.schema.get("properties", {})
        extra = [key for key in error.instance if key not in known]
        if extra:
            return [Problem((*at, key), f"unknown field '{key}'") for key in extra]
    return [Problem(at, _schema_message(error))]


def _order(at: DataPath) -> tuple:
    # List items by index, keys by name: the file's own order comes back once the problems are located.
    return tuple((0, part, "") if isinstance(part, int) else (1, 0, part) for part in at)


def _causes(error) -> list:
    """The errors that say what is wrong. A `oneOf` or `anyOf` fails when every branch does: the
    branch meant is the one whose kind of value fits (a mapping for `{code: ..., date: ...}`),
    and its own errors are the cause. If no branch fits, the error itself is."""
    if error.validator not in ("oneOf", "anyOf") or not error.context:
        return [error]
    branches: dict[int, list] = {}
    for sub in error.context:
        branches.setdefault(sub.relative_schema_path[0], []).append(sub)
    fitting = [subs for subs in branches.values() if not any(s.validator == "type" and not s.path for s in subs)]
    if not fitting:
        return [error]
    return [cause for sub in min(fitting, key=len) for cause in _causes(sub)]


def _schema_message(error) -> str:
    match error.validator:
        case "required":
            missing = next((p for p in error.validator_value if p not in error.instance), error.validator_value[0])
            return f"missing required field '{missing}'"
        case "enum":
            allowed = ", ".join(map(str, error.validator_value))
            return f"must be one of {allowed}, not {json.dumps(error.instance)}"
        case "type":
            return f"must be {_article(error.validator_value)}, not {_json_type(error.instance)}"
        case "pattern":  # the schema's only pattern is the date's
            return f"must be a date YYYY-MM-DD, not {json.dumps(error.instance)}"
        case "oneOf":  # the schema's only oneOf is a credential's two forms
            return "a credential is an id (like MB2-714) or {code: ID, date: YYYY-MM-DD}"
        case "uniqueItems":
            return "lists the same value twice"
        case "minimum":
            return f"must be at least {error.validator_value}, not {error.instance}"
        case "minLength":
            return "must not be empty"
    return error.message


def _article(kind) -> str:
    kinds = kind if isinstance(kind, list) else [kind]
    words = {
        "object": "a mapping",
        "array": "a list",
        "string": "a text",
        "number": "a number",
        "boolean": "true or false",
    }
    return " or ".join(words.get(k, k) for k in kinds)


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    # What YAML's tags make that JSON has no word for: `!!binary`, `!!set`.
    words = {bytes: "binary data (!!binary)", set: "a set (!!set)", tuple: "a pair (!!omap, !!pairs)"}
    return words.get(type(value), type(value).__name__)


# ---- building the model -----------------------------------------------------------------


def _date(text: str, at: DataPath, problems: list[Problem]) -> dt.date | None:
    """The calendar date `text` names, or None with a problem added."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        problems.append(Problem(at, f"'{text}' is not a calendar date"))
        return None


_OUT_OF_RANGE = f"must be a finite number below 10^{MAX_DIGITS}"


def _in_range(value: int | float) -> bool:
    return -MAX_NUMBER < value < MAX_NUMBER  # NaN is not: it compares false


def bounded_number(value: int | float, path: str, where: str) -> Decimal:
    """`value` as written, refused unless finite and below `MAX_NUMBER` in size."""
    if not _in_range(value):
        raise _error("I302", _OUT_OF_RANGE, path, where)
    return Decimal(str(value))


def _metrics(given: dict[str, int | float], problems: list[Problem]) -> dict[str, Decimal]:
    for name, value in given.items():
        if not _in_range(value):
            problems.append(Problem(("metrics", name), _OUT_OF_RANGE))
    return {name: Decimal(str(value)) for name, value in given.items() if _in_range(value)}


def _earned(cred: str | dict[str, str], at: DataPath, problems: list[Problem]) -> Earned:
    if isinstance(cred, str):
        return Earned(cred)
    passed, expires = cred.get("date"), cred.get("expires")
    return Earned(
        cred["code"],
        _date(passed, (*at, "date"), problems) if passed else None,
        _date(expires, (*at, "expires"), problems) if expires else None,
    )


def _build(data: dict[str, Any], problems: list[Problem]) -> Partner:
    """The partner of schema-valid data; what else is wrong with it is added to `problems`."""
    listed = data.get("people", [])
    ids = tuple(person["id"] for person in listed)
    if len(set(ids)) != len(ids):
        problems += _duplicate_ids(ids)
    as_of = data.get("as_of")
    return Partner(
        name=data["partner"],
        market=data.get("market", "developed"),
        as_of=_date(as_of, ("as_of",), problems) if as_of else None,
        metrics=_metrics(data.get("metrics", {}), problems),
        associations=frozenset(data.get("associations", [])),
        attributes=dict(data.get("attributes", {})),
        people=People(ids, tuple(person.get("name") for person in listed), _credentials(listed, problems)),
        id=data.get("id"),
    )


def _credentials(listed: list[dict[str, Any]], problems: list[Problem]) -> tuple[tuple[Earned, ...], ...]:
    """Per person, the credentials. Equal lists share one tuple, and equal credentials one
    `Earned`: in a large partner most are repeats, so most people cost one lookup."""
    shared: dict[tuple, tuple[Earned, ...]] = {}
    earned: dict[str | tuple[str, str | None], Earned] = {}
    out = []
    for i, person in enumerate(listed):
        given = person.get("credentials", ())
        try:
            key = tuple(given)
            credentials = shared.get(key)
        except TypeError:  # a credential given as a mapping: not hashable, so not shared
            key, credentials = None, None
        if credentials is None:
            credentials = tuple(
                _earned_once(earned, cred, ("people", i, "credentials", j), problems) for j, cred in enumerate(given)
            )
            if key is not None:
                shared[key] = credentials
        out.append(credentials)
    return tuple(out)


def _earned_once(earned: dict, cred: str | dict[str, str], at: DataPath, problems: list[Problem]) -> Earned:
    key = cred if isinstance(cred, str) else (cred["code"], cred.get("date"), cred.get("expires"))
    found = earned.get(key)
    if found is None:
        known = len(problems)
        found = _earned(cred, at, problems)
        if len(problems) == known:  # a bad one is not kept: each place that repeats it is reported
            earned[key] = found
    return found


def _duplicate_ids(ids: Sequence[str]) -> list[Problem]:
    seen: dict[str, int] = {}
    problems = []
    for i, pid in enumerate(ids):
        if pid in seen:
            problems.append(Problem(("people", i, "id"), f"duplicate person id '{pid}' (first at people[{seen[pid]}])"))
        else:
            seen[pid] = i
    return problems


def _refused(problems: list[Problem], path: str, locate: Locate | None = None) -> CompetencyError:
    """The error of all `problems`, in data order; the first `MAX_FINDINGS`, which a report shows,
    with where the file writes them, and in the file's order."""
    problems = sorted(problems, key=lambda p: _order(p.at))  # jsonschema goes by the schema's order
    shown = problems[:MAX_FINDINGS]
    spans = locate([p.at for p in shown]) if locate else [None] * len(shown)
    located = sorted(zip(spans, shown, strict=True), key=lambda s: (s[0].line, s[0].column) if s[0] else (math.inf,))
    diagnostics = [Diagnostic("I302", p.message, path, span, where=data_path(p.at)) for span, p in located]
    diagnostics += [Diagnostic("I302", p.message, path, where=data_path(p.at)) for p in problems[MAX_FINDINGS:]]
    return CompetencyError(*diagnostics)


def _point(line: int, column: int) -> Span:
    return Span(line, column, line, column + 1)


def _error(code: str, message: str, path: str, where: str | None = None, span: Span | None = None) -> CompetencyError:
    return CompetencyError(Diagnostic(code, message, path, span, where=where))
