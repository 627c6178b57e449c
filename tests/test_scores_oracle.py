"""Designations scored in points, against an independent scorer.

Hypothesis draws a designation as a model (tracks, steps, gates, best and sum forms, pass
mark) and a catalog, writes them as text in the language, and draws a partner as plain data.
`oracle` scores the model and the data by the rules of score-spec.md, by brute force: a step
holds when some assignment of distinct people fills its slots, persons are counted by set
membership, points are `Fraction`s. Nothing of the engine is reused; the engine gets the text
and the partner through the public API, and must give the oracle's points, track and verdict.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import json
from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

import competency
from competency.compiler.compile import compile_library
from competency.engine.engine import evaluate, levels_attained
from competency.language.parse import parse_text
from competency.reports.report import evaluation_to_json, score_of

BASE = dt.date(2024, 1, 1)
MARKETS = ("developed", "developing")
TRACKS = ("t1", "t2", "t3")
METRICS = ("m1", "m2", "m3", "m4")
UNITS = {"m1": "customers", "m2": "USD", "m3": "percent", "m4": "workloads"}


# ---- the model ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Ref:
    credential: str


@dataclass(frozen=True, slots=True)
class AnyOf:
    parts: tuple[Condition, ...]
    infix: bool  # `a or b` rather than `one_of(a, b)`


@dataclass(frozen=True, slots=True)
class AllOf:
    parts: tuple[Condition, ...]
    infix: bool


Condition = Ref | AnyOf | AllOf


@dataclass(frozen=True, slots=True)
class Threshold:
    value: Decimal
    label: str | None  # a track, or a market in a designation without tracks


@dataclass(frozen=True, slots=True)
class MetricSource:
    metric: str
    thresholds: tuple[Threshold, ...]


@dataclass(frozen=True, slots=True)
class PersonSource:
    condition: Condition
    thresholds: tuple[Threshold, ...]


@dataclass(frozen=True, slots=True)
class Best:
    branches: tuple[Points, ...]


@dataclass(frozen=True, slots=True)
class Sum:
    parts: tuple[tuple[Decimal, Points], ...]  # (the part's maximum, its points)


Points = MetricSource | PersonSource | Best | Sum


@dataclass(frozen=True, slots=True)
class Step:
    count: int
    condition: Condition
    subsets: tuple[tuple[int, Condition], ...]  # `k of them also pass D`
    independent: bool  # `same or different`: a step is a pool of its own either way


@dataclass(frozen=True, slots=True)
class Metric:
    id: str
    max: Decimal
    steps: tuple[Step, ...]
    gates: tuple[MetricSource, ...]
    points: Points


@dataclass(frozen=True, slots=True)
class Track:
    id: str
    when: tuple[str, Decimal] | None


@dataclass(frozen=True, slots=True)
class Credential:
    id: str
    available: dt.date | None
    retired: dt.date | None
    accepted_until: dt.date | None


@dataclass(frozen=True, slots=True)
class Designation:
    pass_mark: Decimal
    tracks: tuple[Track, ...]
    categories: tuple[tuple[Metric, ...], ...]
    credentials: tuple[Credential, ...]

    @property
    def metrics(self) -> tuple[Metric, ...]:
        return tuple(m for c in self.categories for m in c)


# ---- drawing designations ---------------------------------------------------------------


sometimes = st.integers(0, 2).map(lambda n: n == 0)  # a third of the time


def days(low: int = 0, high: int = 8) -> st.SearchStrategy[dt.date]:
    """Days near each other, so credential dates, catalog dates and as_of often meet."""
    return st.integers(low, high).map(lambda k: BASE + dt.timedelta(days=k))


def decimals(low: int, high: int) -> st.SearchStrategy[Decimal]:
    """Halves between `low` and `high`: whole numbers mostly, thirds of them arise in the points."""
    return st.integers(2 * low, 2 * high).map(lambda n: Decimal(n) / 2)


@st.composite
def credentials(draw) -> tuple[Credential, ...]:
    count = draw(st.integers(3, 5))
    out = []
    for i in range(count):
        window = sorted(draw(st.lists(days(), min_size=3, max_size=3)))
        dated = draw(sometimes)  # most credentials count on every day
        available, retired, until = (d if dated and draw(st.booleans()) else None for d in window)
        out.append(Credential(f"c{i}", available, retired, until))
    return tuple(out)


# Strategies are made once per catalog and labels: making them is dearer than drawing from them.


@functools.cache
def conditions(names: tuple[str, ...]) -> st.SearchStrategy[Condition]:
    """A credential, or one_of / all_of (as a function or infix) of up to three, nested once."""
    refs = st.sampled_from(names).map(Ref)

    def lists(of: st.SearchStrategy[Condition], most: int) -> st.SearchStrategy[Condition]:
        parts = st.lists(of, min_size=1, max_size=most).map(tuple)
        return st.builds(AnyOf, parts, st.booleans()) | st.builds(AllOf, parts, st.booleans())

    return refs | lists(refs, 3) | lists(refs | lists(refs, 2), 2)


@functools.cache
def thresholds(labels: tuple[str, ...], low: int = 1) -> st.SearchStrategy[tuple[Threshold, ...]]:
    """One to three thresholds with distinct labels (None: for every track or market)."""
    values = decimals(0, 3) if low == 0 else decimals(1, 6) | st.just(Decimal("0.5"))
    labelled = st.builds(Threshold, values, st.sampled_from((None, None, *labels)))  # mostly one for all
    return st.lists(labelled, min_size=1, max_size=3, unique_by=lambda t: t.label).map(tuple)


@functools.cache
def points(names: tuple[str, ...], labels: tuple[str, ...]) -> st.SearchStrategy[Points]:
    """A source, or best / sum of sources, nested once."""
    sources = st.builds(MetricSource, st.sampled_from(METRICS), thresholds(labels)) | st.builds(
        PersonSource, conditions(names), thresholds(labels)
    )

    def forms(of: st.SearchStrategy[Points], most: int) -> st.SearchStrategy[Points]:
        return st.builds(Best, st.lists(of, min_size=2, max_size=most).map(tuple)) | st.builds(
            Sum, st.lists(st.tuples(decimals(1, 30), of), min_size=1, max_size=most).map(tuple)
        )

    return sources | forms(sources, 3) | forms(sources | forms(sources, 2), 2)


@functools.cache
def steps(names: tuple[str, ...]) -> st.SearchStrategy[Step]:
    subsets = st.one_of(st.just(()), st.tuples(st.tuples(st.integers(1, 3), conditions(names))))
    return st.builds(Step, st.integers(1, 2), conditions(names), subsets, st.booleans()).filter(
        lambda s: sum(k for k, _ in s.subsets) <= s.count
    )


@functools.cache
def metrics(names: tuple[str, ...], labels: tuple[str, ...]) -> st.SearchStrategy[Metric]:
    gates = st.builds(MetricSource, st.sampled_from(METRICS), thresholds(labels, low=0))
    none = st.just(())
    return st.builds(
        Metric,
        st.just("metric"),  # named by its place, in `designations`
        decimals(1, 40),
        none | none | st.tuples(steps(names)) | st.tuples(steps(names), steps(names)),  # half without steps
        none | none | st.tuples(gates),
        points(names, labels),
    )


@st.composite
def tracks(draw) -> tuple[Track, ...]:
    """No tracks; tracks chosen by `when` (the last perhaps without); or every track, the best counting."""
    count = draw(st.integers(0, 3))
    kind = draw(st.sampled_from(["when", "best"]))
    out = []
    for i in range(count):
        last_without = i == count - 1 and draw(st.booleans())
        when = None if kind == "best" or last_without else (draw(st.sampled_from(METRICS)), draw(decimals(0, 6)))
        out.append(Track(TRACKS[i], when))
    return tuple(out)


@st.composite
def designations(draw) -> Designation:
    catalog = draw(credentials())
    names = tuple(c.id for c in catalog)
    chosen = draw(tracks())
    labels = tuple(t.id for t in chosen) or MARKETS
    drawn = metrics(names, labels)
    categories = tuple(
        tuple(replace(draw(drawn), id=f"metric-{c}-{m}") for m in range(draw(st.integers(1, 3))))
        for c in range(draw(st.integers(1, 3)))
    )
    return Designation(draw(decimals(0, 60)), chosen, categories, catalog)


# ---- drawing partners ---------------------------------------------------------------------


@st.composite
def partners(draw, designation: Designation) -> dict:
    codes = [c.id for c in designation.credentials] + ["unknown"]
    people = []
    for i in range(draw(st.sampled_from((3, 4, 5, 6, 2, 1, 0)))):  # mostly enough people to fill steps
        held = draw(st.lists(st.sampled_from(codes), min_size=1, max_size=5, unique=True))
        dated = [{"code": c, "date": draw(days(-1, 8)).isoformat()} if draw(sometimes) else c for c in held]
        people.append({"id": f"p{i}", "credentials": dated})
    values = st.integers(1, 12) | st.integers(-3, 12) | st.sampled_from([-1.5, 0.5, 2.5, 4.5])
    present = [m for m in METRICS if not draw(sometimes)]  # a missing metric is 0, or fails a check
    return {
        "partner": "P",
        "market": draw(st.sampled_from(MARKETS)),
        "as_of": draw(days(-1, 9)).isoformat(),
        "metrics": {m: draw(values) for m in present},
        "people": people,
    }


# ---- writing the text ---------------------------------------------------------------------


def condition_text(condition: Condition, top: bool = True) -> str:
    match condition:
        case Ref(credential=name):
            return name
        case AnyOf(parts=parts, infix=infix) | AllOf(parts=parts, infix=infix):
            word, function = ("or", "one_of") if isinstance(condition, AnyOf) else ("and", "all_of")
            if not infix or len(parts) == 1:
                return f"{function}({', '.join(condition_text(p) for p in parts)})"
            joined = f" {word} ".join(condition_text(p, top=False) for p in parts)
            return joined if top else f"({joined})"


def thresholds_text(metric: str | None, found: tuple[Threshold, ...]) -> str:
    unit = f" {UNITS[metric]}" if metric else ""  # the metric's own unit, which a threshold may repeat
    return ", ".join(f"{t.value}{unit}" + (f" in {t.label}" if t.label else "") for t in found)


def points_text(form: Points) -> str:
    match form:
        case MetricSource(metric=metric, thresholds=found):
            return f"metric {metric} reaching {thresholds_text(metric, found)}"
        case PersonSource(condition=condition, thresholds=found):
            return f"persons passing {condition_text(condition)} reaching {thresholds_text(None, found)}"
        case Best(branches=branches):
            return "best " + " or ".join(f"{{ {points_text(b)} }}" for b in branches)
        case Sum(parts=parts):
            return "sum { " + " ".join(f"part max {most} {{ {points_text(p)} }}" for most, p in parts) + " }"


def step_text(step: Step) -> str:
    same = "same or different " if step.independent else ""
    also = "".join(f", {k} of them also pass {condition_text(c)}" for k, c in step.subsets)
    return f"step {same}{step.count} persons each pass {condition_text(step.condition)}{also}"


def text(designation: Designation) -> str:
    lines = ['catalog t "T" {']
    for c in designation.credentials:
        dates = (("available", c.available), ("retired", c.retired), ("accepted until", c.accepted_until))
        lines.append(f'  certification {c.id} "{c.id}"' + "".join(f" {w} {d}" for w, d in dates if d))
    lines += [f'  metric {m} "{m}" unit {UNITS[m]}' for m in METRICS]
    lines += ["}", 'designation d "D" {', "  effective 2020-01-01", f"  pass {designation.pass_mark}"]
    for track in designation.tracks:
        when = f" when metric {track.when[0]} >= {track.when[1]}" if track.when else ""
        lines.append(f'  track {track.id} "{track.id}"{when}')
    for i, category in enumerate(designation.categories):
        lines.append(f'  category k{i} "K{i}" {{')
        for metric in category:
            lines.append(f'    metric {metric.id} "{metric.id}" max {metric.max} {{')
            lines += [f"      {step_text(s)}" for s in metric.steps]
            lines += [
                f"      gate metric {g.metric} >= {thresholds_text(g.metric, g.thresholds)}" for g in metric.gates
            ]
            lines += [f"      {points_text(metric.points)}", "    }"]
        lines.append("  }")
    lines.append("}")
    return "\n".join(lines) + "\n"


# ---- the oracle ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Expected:
    points: dict[str, Fraction]
    total: Fraction
    track: str | None
    qualified: bool


def held(designation: Designation, person: dict, day: dt.date) -> frozenset[str]:
    """The credentials that count on `day`: passed by then, and the catalog accepts them that day."""
    catalog = {c.id: c for c in designation.credentials}
    out = set()
    for earned in person["credentials"]:
        code, passed = (earned, None) if isinstance(earned, str) else (earned["code"], earned["date"])
        entry = catalog.get(code)
        if entry is None or (passed is not None and dt.date.fromisoformat(passed) > day):
            continue
        last = entry.accepted_until or entry.retired
        if (entry.available is None or entry.available <= day) and (last is None or day <= last):
            out.add(code)
    return frozenset(out)


def satisfies(condition: Condition, credentials: frozenset[str]) -> bool:
    match condition:
        case Ref(credential=name):
            return name in credentials
        case AnyOf(parts=parts):
            return any(satisfies(p, credentials) for p in parts)
        case AllOf(parts=parts):
            return all(satisfies(p, credentials) for p in parts)


def step_holds(step: Step, people: list[frozenset[str]]) -> bool:
    """Some assignment of distinct people fills every slot: k need C and D, the rest C."""
    slots = [AllOf((step.condition, d), False) for k, d in step.subsets for _ in range(k)]
    slots += [step.condition] * (step.count - sum(k for k, _ in step.subsets))
    return any(
        all(satisfies(slot, people[p]) for slot, p in zip(slots, chosen, strict=True))
        for chosen in itertools.permutations(range(len(people)), len(slots))
    )


def threshold(found: tuple[Threshold, ...], label: str | None) -> Fraction | None:
    """The threshold labelled `label`, else the one without a label, else none."""
    for wanted in (label, None):
        for t in found:
            if t.label == wanted:
                return Fraction(t.value)
    return None


def value(data: dict, metric: str) -> Fraction | None:
    raw = data["metrics"].get(metric)
    return None if raw is None else Fraction(str(raw))


def worth(form: Points, most: Fraction, data: dict, people: list[frozenset[str]], label: str | None) -> Fraction:
    match form:
        case Best(branches=branches):
            return max(worth(b, most, data, people, label) for b in branches)
        case Sum(parts=parts):
            return min(most, sum(max(Fraction(0), worth(p, Fraction(m), data, people, label)) for m, p in parts))
    if isinstance(form, PersonSource):
        progress = Fraction(sum(satisfies(form.condition, p) for p in people))
    else:
        progress = value(data, form.metric) or Fraction(0)  # a missing metric is 0
    full = threshold(form.thresholds, label)
    return Fraction(0) if full is None else most * min(Fraction(1), max(Fraction(0), progress / full))


def gate_holds(gate: MetricSource, data: dict, label: str | None) -> bool:
    """A gate holds when the metric (0 if the data lacks it) is at its threshold or more."""
    limit, found = threshold(gate.thresholds, label), value(data, gate.metric) or Fraction(0)
    return limit is not None and found >= limit


def in_track(designation: Designation, data: dict, people: list[frozenset[str]], label: str | None) -> dict:
    out = {}
    for metric in designation.metrics:
        blocked = not all(step_holds(s, people) for s in metric.steps) or not all(
            gate_holds(g, data, label) for g in metric.gates
        )
        out[metric.id] = Fraction(0) if blocked else worth(metric.points, Fraction(metric.max), data, people, label)
    return out


def candidate_tracks(designation: Designation, data: dict) -> list[tuple[str | None, str | None]]:
    """(track, label) pairs to score: the first track whose `when` holds or that has none, or
    every track when none has a `when`. With no track chosen, unlabelled thresholds apply."""
    if not designation.tracks:
        return [(None, data["market"])]
    if all(t.when is None for t in designation.tracks):
        return [(t.id, t.id) for t in designation.tracks]
    for track in designation.tracks:
        if track.when is None:
            return [(track.id, track.id)]
        if (value(data, track.when[0]) or Fraction(0)) >= Fraction(track.when[1]):
            return [(track.id, track.id)]
    return [(None, None)]


def oracle(designation: Designation, data: dict) -> Expected:
    day = dt.date.fromisoformat(data["as_of"])
    people = [held(designation, p, day) for p in data["people"]]
    best = None
    for track, label in candidate_tracks(designation, data):
        scored = in_track(designation, data, people, label)
        total = sum(scored.values(), Fraction(0))
        qualified = total >= Fraction(designation.pass_mark) and all(p > 0 for p in scored.values())
        if best is None or (qualified, total) > (best.qualified, best.total):  # ties: written order
            best = Expected(scored, total, track, qualified)
    assert best is not None
    return best


# ---- the properties -------------------------------------------------------------------------


def library(designation: Designation):
    found, diagnostics = compile_library([[parse_text(text(designation), "d.comp")]])
    assert [d.message for d in diagnostics if d.severity.value == "error"] == []
    return found


cases = designations().flatmap(lambda d: st.tuples(st.just(d), partners(d)))


@settings(max_examples=300)
@given(cases)
def test_the_engine_scores_as_the_oracle(case: tuple[Designation, dict]) -> None:
    designation, data = case
    lib, partner = library(designation), competency.partner_from_data(data)
    expected = oracle(designation, data)
    result = evaluate(lib, partner, ["d"]).results[0]
    scored = score_of(result)
    assert scored is not None
    assert {m.id: m.points for m in scored.metrics} == expected.points
    assert scored.total == expected.total
    assert scored.track == expected.track
    assert (result.level == "qualified") is expected.qualified
    attained = levels_attained(lib, partner, ["d"], partner.as_of)[1]["d"]
    assert attained is not None and (attained[0] == "qualified") is expected.qualified


@settings(max_examples=50)
@given(cases)
def test_json_total_exact_is_the_fraction_total(case: tuple[Designation, dict]) -> None:
    designation, data = case
    evaluation = evaluate(library(designation), competency.partner_from_data(data), ["d"])
    shown = json.loads(json.dumps(evaluation_to_json(evaluation)))["results"][0]["score"]
    assert Fraction(shown["total_exact"]) == oracle(designation, data).total
