"""An evaluation as one self-contained HTML page, for the people who read it.

The page is built from one dict, `report_data`: the evaluation exactly as `eval --format json`
gives it, the plans as `plan --format json` gives them, and what the page adds about the
partner (its market, how many people, the names of those it shows, each level order). Every
number printed is a `<data>` element naming the JSON pointer it came from, or a count of people
(`data-count`); every value goes through `html.escape`. The stylesheet and the script are read
from the package and inlined, so the file opens from disk and asks the network for nothing.

A level's matching is drawn as two columns of rows of one height, people and slots, with the
witness as lines between them in an SVG stretched over the rows. The people column stays short
however large the partner: the persons seated are listed, the other candidates are grouped by
the requirements they could fill (interchangeable here), and everyone else is one count.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import string
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from importlib import resources
from typing import Any

from competency import __version__
from competency.analysis.explain import explain_evaluation
from competency.compiler.plan import Library
from competency.engine.engine import evaluate, evaluation_day
from competency.engine.result import Evaluation
from competency.errors import CompetencyError
from competency.partners.partner import Partner
from competency.reports.report import evaluation_to_json, plan_json

UNSOLVED, UNSOLVED_CODE = "unsolved", "I312"  # a plan the integer program cannot settle in time or in size
MAX_EMPTY_ROWS = 10  # past this, a requirement's empty slots are one row that counts them
MAX_GROUP_IDS = 10  # ids named in a group's tooltip

OK, BAD, WARN, NONE = "✓", "✗", "⚠", "\u2013"  # check, cross, warning sign, en dash


# ---- the data -----------------------------------------------------------------------------


def html_report(
    library: Library,
    partner: Partner,
    competencies: Sequence[str] | None = None,
    as_of: dt.date | None = None,
    *,
    with_plans: bool = False,
) -> str:
    """The HTML page for a partner: the evaluation, why unmet pools are unmet, and with
    `with_plans` the cheapest plan for the next level of each competency in force."""
    day = evaluation_day(partner, as_of)
    evaluation = explain_evaluation(library, partner, evaluate(library, partner, competencies, day))
    planned = plans_for(library, partner, evaluation) if with_plans else {}
    return page(report_data(library, partner, evaluation, planned))


def plans_for(library: Library, partner: Partner, evaluation: Evaluation) -> dict[str, dict[str, Any]]:
    """`plan --format json` of the cheapest plan for the next level of each competency in force on
    the evaluation's day, by competency; one the solver cannot settle says why, and the page stands."""
    from competency.analysis.gaps import plan_gaps

    planned = {}
    for r in evaluation.results:
        if not r.in_force:
            continue
        try:
            planned[r.competency] = plan_json(plan_gaps(library, partner, r.competency, as_of=evaluation.as_of))
        except CompetencyError as exc:
            if exc.diagnostic.code != UNSOLVED_CODE:
                raise
            reasons = [exc.diagnostic.message]
            planned[r.competency] = {"competency": r.competency, "level": None, "status": UNSOLVED, "reasons": reasons}
    return planned


def report_data(
    library: Library, partner: Partner, evaluation: Evaluation, planned: Mapping[str, dict[str, Any]] | None = None
) -> dict[str, Any]:
    """The one source of the page's numbers: `eval --format json`, `plan --format json` per
    competency planned (`plans_for`), and the partner's people and level orders."""
    data, planned = evaluation_to_json(evaluation), dict(planned or {})
    shown = set(_persons_named([data, planned]))
    names = {i: n for i, n in zip(partner.people.ids, partner.people.names, strict=True) if n and i in shown}
    orders = {
        r.competency: list(library.in_force(r.competency, evaluation.as_of).level_order)
        for r in evaluation.results
        if r.in_force
    }
    return {
        "evaluation": data,
        "plans": planned,
        "market": partner.market,
        "people": {"count": len(partner.people), "names": names},
        "level_orders": orders,
        "version": __version__,
    }


def _persons_named(value: Any) -> Iterator[str]:
    """Every person id the JSON names (`person`, and `persons` when it is a list)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "person" and isinstance(item, str):
                yield item
            elif key == "persons" and isinstance(item, list):
                yield from item
            else:
                yield from _persons_named(item)
    elif isinstance(value, list):
        for item in value:
            yield from _persons_named(item)


# ---- values on the page -------------------------------------------------------------------


def _esc(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _at(base: str, *keys: str | int) -> str:
    """A JSON pointer (RFC 6901) below `base`."""
    return base + "".join("/" + str(k).replace("~", "~0").replace("/", "~1") for k in keys)


def amount_text(value: int | float) -> str:
    return f"{value:,}"


def points_text(value: int | float) -> str:
    """Points to one decimal, as the text report shows them."""
    return f"{float(value):.1f}"


_FORMATS = {"amount": amount_text, "points": points_text, "branch": lambda b: str(b + 1)}


def _num(at: str, value: int | float, kind: str = "amount") -> str:
    """A number of the data, as a `<data>` element naming where it came from."""
    exact = _esc(json.dumps(value))
    return f'<data class="{kind}" value="{exact}" data-src="{_esc(at)}">{_FORMATS[kind](value)}</data>'


def _str(at: str, value: str, tag: str = "span") -> str:
    return f'<{tag} data-src="{_esc(at)}">{_esc(value)}</{tag}>'


def _prose(at: str, value: str) -> str:
    """A sentence of the data whose `quoted` parts (conditions) are shown as code, without the quotes."""
    parts = value.split("`")
    text = "".join(f"<code>{_esc(p)}</code>" if i % 2 else _esc(p) for i, p in enumerate(parts))
    return f'<span class="prose" data-src="{_esc(at)}">{text}</span>'


def _count(value: int, level_at: str) -> str:
    """A count of the partner's people, made here from the level at `level_at`."""
    return f'<data class="count" value="{value}" data-count="{_esc(level_at)}">{value:,}</data>'


def _name(at: str, level: str) -> str:
    """A level's name, capitalized on screen (the text stays the id)."""
    return f'<span class="name" data-src="{_esc(at)}">{_esc(level)}</span>'


def _mark(met: bool) -> str:
    return f'<span class="mark" aria-hidden="true">{OK if met else BAD}</span>'


def _badge(kind: str, icon: str, words: str) -> str:
    return f'<span class="badge {kind}"><span aria-hidden="true">{icon}</span> {words}</span>'


def _verdict(met: bool, yes: str = "Met", no: str = "Not met") -> str:
    return _badge("ok", OK, yes) if met else _badge("bad", BAD, no)


def _person(data: dict[str, Any], at: str, person: str) -> str:
    """A person's name (when the data has one) and id."""
    name = data["people"]["names"].get(person)
    if not name:
        return _str(at, person)
    return f'{_str(_at("/people/names", person), name)} <span class="id">{_str(at, person)}</span>'


# ---- the page -----------------------------------------------------------------------------


def page(data: dict[str, Any]) -> str:
    """The whole page, from `report_data`."""
    evaluation = data["evaluation"]
    results = evaluation["results"]
    sections = [_section(data, i, r) for i, r in enumerate(results) if r["in_force"]]
    title = f"{_esc(evaluation['partner'])}: competency report, {_esc(evaluation['as_of'])}"
    return "\n".join(
        [
            "<!doctype html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{title}</title>",
            f"<style>\n{_asset('report.css')}</style>",
            "</head>",
            "<body>",
            _header(data),
            "<main>",
            _summary(data),
            *sections,
            "</main>",
            '<footer class="page"><p>Made by competency '
            + _str("/version", data["version"])
            + ' from the same data as <code>eval --format json</code>.</p><p id="script-errors" hidden></p></footer>',
            f"<script>\n{_asset('report.js')}</script>",
            "</body>",
            "</html>",
            "",
        ]
    )


def _asset(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def _header(data: dict[str, Any]) -> str:
    evaluation = data["evaluation"]
    facts = (
        f"Evaluated on <time>{_str('/evaluation/as_of', evaluation['as_of'])}</time> · "
        f"{_str('/market', data['market'])} market · {_num('/people/count', data['people']['count'])} people"
    )
    warnings = evaluation["warnings"]
    notes = ""
    if warnings:
        items = "".join(
            f"<li>{_str(_at('/evaluation/warnings', i, 'where'), w['where'] or '')}: "
            f"{_str(_at('/evaluation/warnings', i, 'message'), w['message'])}</li>"
            for i, w in enumerate(warnings)
        )
        notes = f'<details class="warnings"><summary>{WARN} Warnings about the data</summary><ul>{items}</ul></details>'
    return (
        f'<header class="page"><h1>{_str("/evaluation/partner", evaluation["partner"], "span")}</h1>'
        f"<p>{facts}</p>{notes}</header>"
    )


# ---- summary ------------------------------------------------------------------------------


def _summary(data: dict[str, Any]) -> str:
    rows = "".join(_summary_row(data, i, r) for i, r in enumerate(data["evaluation"]["results"]))
    return (
        '<section class="card" id="summary"><h2>Summary</h2><table class="summary">'
        '<thead><tr><th scope="col">Competency or designation</th><th scope="col">Attained</th>'
        '<th scope="col">Next one up, and how far</th></tr></thead>'
        f"<tbody>{rows}</tbody></table></section>"
    )


def _summary_row(data: dict[str, Any], index: int, result: dict[str, Any]) -> str:
    at = _at("/evaluation/results", index)
    title = _str(_at(at, "title"), result["title"])
    name = f'<a href="#c{index}">{title}</a>' if result["in_force"] else title
    head = f'<th scope="row">{name} <code class="id">{_str(_at(at, "competency"), result["competency"])}</code></th>'
    if not result["in_force"]:
        when = _str("/evaluation/as_of", data["evaluation"]["as_of"])
        return f"<tr>{head}<td>{_badge('none', NONE, 'No version in force')}</td><td class='muted'>on {when}</td></tr>"
    return f"<tr>{head}<td>{_attained(at, result)}</td><td>{_next(data, at, result)}</td></tr>"


def _attained(at: str, result: dict[str, Any]) -> str:
    if "score" in result:
        score, met = result["score"], result["level"] is not None
        points = f"{_num(_at(at, 'score', 'total'), score['total'], 'points')} points"
        return f"{_verdict(met, 'Qualified', 'Not qualified')} {points}"
    if result["level"] is None:
        return _badge("bad", BAD, "Nothing yet")
    option = _str(_at(at, "option"), result["option"], "code")
    return f"{_badge('ok', OK, _name(_at(at, 'level'), result['level']))} through {option}"


def _next(data: dict[str, Any], at: str, result: dict[str, Any]) -> str:
    planned = data["plans"].get(result["competency"])
    shown = planned and planned["status"] != "attained"
    plan_note = f"<p>{_plan_cost(planned, result['competency'])}</p>" if shown else ""
    if "score" in result:
        return _score_shortfall(at, result) + plan_note
    order = data["level_orders"][result["competency"]]
    rank = order.index(result["level"]) if result["level"] else -1
    stated = {lv["level"] for lv in result["levels"]}  # a level may be declared that no option states
    above = [name for name in order[rank + 1 :] if name in stated]
    if not above:
        return '<span class="muted">the highest level is attained</span>'
    target = above[0]
    candidates = [(j, lv) for j, lv in enumerate(result["levels"]) if lv["level"] == target]
    j, level = min(candidates, key=lambda c: sum(not r["met"] for r in c[1]["requirements"]))
    lat = _at(at, "levels", j)
    needs = "".join(
        f"<li>{_shortfall(_at(lat, 'requirements', k), r)}</li>"
        for k, r in enumerate(level["requirements"])
        if not r["met"]
    )
    option = _str(_at(lat, "option"), level["option"], "code")
    return f"<strong>{_name(_at(lat, 'level'), target)}</strong> through {option}:<ul>{needs}</ul>{plan_note}"


def _score_shortfall(at: str, result: dict[str, Any]) -> str:
    if result["level"] is not None:
        return '<span class="muted">qualified: nothing above it</span>'
    sat = _at(at, "levels", 0, "requirements", 0)
    score = result["levels"][0]["requirements"][0]
    items = []
    if Fraction(score["total_exact"]) < Fraction(score["pass"]):  # a total that reaches it lacks no points
        total = _num(_at(sat, "total"), score["total"], "points")
        items.append(f"<li>{total} of the {_num(_at(sat, 'pass'), score['pass'], 'points')} points needed</li>")
    items += [
        f"<li>{_badge('warn', WARN, 'at zero')} {_str(_at(sat, 'metrics', q, 'title'), m['title'])}</li>"
        for q, m in enumerate(score["metrics"])
        if m["points"] <= 0
    ]
    return f"<strong>qualified</strong>:<ul>{''.join(items)}</ul>"


def _shortfall(at: str, requirement: dict[str, Any]) -> str:
    """What an unmet requirement lacks, in a few words."""
    match requirement["kind"]:
        case "people":
            cond = _str(_at(at, "condition"), requirement["condition"], "code")
            return f"{_num(_at(at, 'missing'), requirement['missing'])} more passing {cond}"
        case "metric":
            return f"<code>{_str(_at(at, 'metric'), requirement['metric'])}</code> {_metric_detail(at, requirement)}"
    return _str(_at(at, "text"), requirement["text"], "code")


def _plan_cost(planned: dict[str, Any], competency: str) -> str:
    at = _at("/plans", competency)
    link = f'<a href="#plan-{_esc(competency)}">the plan</a>'
    if planned["status"] == "plan":
        return f"{link}: cost {_num(_at(at, 'cost'), planned['cost'])}"
    return f"{link}: {_esc(planned['status'])}"


# ---- competencies -------------------------------------------------------------------------


def _section(data: dict[str, Any], index: int, result: dict[str, Any]) -> str:
    at = _at("/evaluation/results", index)
    effective = result["effective"]
    version = f" · rules effective <time>{_str(_at(at, 'effective'), effective)}</time>" if effective else ""
    head = (
        f'<h2>{_str(_at(at, "title"), result["title"])} <code class="id">'
        f"{_str(_at(at, 'competency'), result['competency'])}</code></h2>"
        f"<p>Attained: {_attained(at, result)}{version}</p>"
    )
    planned = data["plans"].get(result["competency"])
    plan_part = _plan(_at("/plans", result["competency"]), planned, data) if planned else ""
    if "score" in result:
        body = _designation(data, _at(at, "levels", 0, "requirements", 0), result["levels"][0]["requirements"][0])
    else:
        body = "".join(_level(data, _at(at, "levels", j), lv) for j, lv in enumerate(result["levels"]))
    return f'<section class="competency" id="c{index}"><div class="card">{head}{plan_part}</div>{body}</section>'


def _level(data: dict[str, Any], at: str, level: dict[str, Any]) -> str:
    met = level["met"]
    branches = ", ".join(_num(_at(at, "branches", i), b, "branch") for i, b in enumerate(level["branches"]))
    route = f" · via either-branch {branches}" if branches else ""
    head = (
        f"<h3>{_mark(met)}{_name(_at(at, 'level'), level['level'])} · option "
        f"{_str(_at(at, 'option'), level['option'], 'code')} {_verdict(met)}{route}</h3>"
    )
    requirements = enumerate(level["requirements"])
    checks = [_check(_at(at, "requirements", k), r) for k, r in requirements if r["kind"] != "people"]
    org = f'<h4>Organization</h4><ul class="checks">{"".join(checks)}</ul>' if checks else ""
    why = "".join(_why(_at(at, "explanations", e), x) for e, x in enumerate(level.get("explanations", ())))
    state = "met" if met else "unmet"
    return f'<article class="level {state}">{head}{org}{why}{_matching(data, at, level)}</article>'


def _check(at: str, requirement: dict[str, Any]) -> str:
    """An organization check: a metric against its threshold, an association, an attribute."""
    met = requirement["met"]
    text = _str(_at(at, "text"), requirement["text"], "code")
    detail = _check_detail(at, requirement)
    return f'<li class="{"met" if met else "unmet"}">{_mark(met)}{text}<span class="detail">{detail}</span></li>'


def _check_detail(at: str, requirement: dict[str, Any]) -> str:
    match requirement["kind"]:
        case "metric":
            return _metric_detail(at, requirement)
        case "association" if requirement["met"]:
            held = ", ".join(_str(_at(at, "held", i), a, "code") for i, a in enumerate(requirement["held"]))
            return f"holds {held}"
        case "association":
            return "none of these associations is held"
        case "attribute":
            return "set" if requirement["met"] else "not set"
    return ""


def _metric_detail(at: str, metric: dict[str, Any]) -> str:
    """The value against the threshold, in the partner's market."""
    if metric["value"] is None:
        return "no value in the partner data"
    value = _num(_at(at, "value"), metric["value"])
    if metric["threshold"] is None:
        return f"has {value}; no threshold for the {_str(_at(at, 'market'), metric['market'])} market"
    unit = f" {_str(_at(at, 'unit'), metric['unit'])}" if metric["unit"] else ""
    return f"has {value}{unit}; needs {_num(_at(at, 'threshold'), metric['threshold'])}{unit}"


def _why(at: str, explanation: dict[str, Any]) -> str:
    smallest, blocking = explanation["smallest"], explanation["blocking"]
    text = f"<strong>Why:</strong> {_prose(_at(at, 'smallest', 'text'), smallest['text'])}"
    if _size(blocking) > _size(smallest):
        text += f"; in all, {_prose(_at(at, 'blocking', 'text'), blocking['text'])}"
    return f'<p class="why" role="note"><span aria-hidden="true">{WARN}</span> {text}</p>'


def _size(violator: dict[str, Any]) -> int:
    return sum(g["count"] for g in violator["slots"])


# ---- the matching -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Slot:
    """A row of the slots column: a requirement's heading, a filled slot (`person` seated), or empty."""

    html: str
    person: str | None = None
    key: str = ""  # of a filled slot, for the lines that reach it


@dataclass(frozen=True, slots=True)
class _Link:
    """A line from a row of people to a row of slots: a seat of the matching, or (no keys) a "could fill"."""

    person_row: int
    slot_row: int
    person: str = ""
    slot: str = ""

    def svg(self) -> str:
        ends = f'x1="0" y1="{self.person_row + 0.5}" x2="100" y2="{self.slot_row + 0.5}"'
        if not self.person:
            return f'<line class="could" {ends}/>'
        return f'<line class="seat" {ends} data-person="{_esc(self.person)}" data-slot="{self.slot}"/>'


Requirements = list[tuple[int, dict[str, Any]]]  # a level's people requirements, with their indexes


def _matching(data: dict[str, Any], at: str, level: dict[str, Any]) -> str:
    """People and slots of a level's people requirements, the witness as lines between them."""
    people = [(k, r) for k, r in enumerate(level["requirements"]) if r["kind"] == "people"]
    if not people:
        return ""
    explanations = level.get("explanations", ())
    stuck = {p for x in explanations for p in x["smallest"]["persons"]}
    stuck_slots = {(g["requirement"], g["also"]) for x in explanations for g in x["smallest"]["slots"]}
    slots, heading_row = _slot_rows(data, at, people, stuck_slots)
    persons, rest, links = _people_rows(data, at, people, slots, heading_row, stuck)
    rows = max(len(slots), len(persons))
    lines = "".join(link.svg() for link in links)
    svg = (
        f'<svg class="links" viewBox="0 0 100 {max(rows, 1)}" preserveAspectRatio="none" aria-hidden="true" '
        f'style="height: calc(var(--row) * {rows})">{lines}</svg>'
    )
    return (
        '<figure class="matching"><figcaption>Who fills which slot: each line is one person in one slot '
        "(the matching found); dashed lines lead from people who could fill a requirement but are not needed for it."
        f'</figcaption>{_legend(at, people)}<div class="bipartite"><div class="heads"><span>People</span><span></span>'
        f'<span>Slots</span></div><ol class="people">{"".join(persons)}</ol>{svg}'
        f'<ol class="slots">{"".join(row.html for row in slots)}</ol></div>{rest}</figure>'
    )


def _labelled(at: str, people: Requirements, k: int, requirement: dict[str, Any]) -> str:
    """Requirement `k` as the picture names it: its letter and its text."""
    return f'<b class="letter">{_letter(people, k)}</b> {_str(_at(at, "text"), requirement["text"])}'


def _legend(at: str, people: Requirements) -> str:
    """Every requirement's letter and whole text: shown where a narrow page cuts the headings among the slots."""
    items = "".join(f"<li>{_labelled(_at(at, 'requirements', k), people, k, r)}</li>" for k, r in people)
    return f'<ol class="legend" aria-hidden="true">{items}</ol>'


def _slot_rows(data: dict[str, Any], at: str, people: Requirements, stuck_slots) -> tuple[list[_Slot], dict[int, int]]:
    """The slots column, and the row of each requirement's heading."""
    rows: list[_Slot] = []
    heading_row: dict[int, int] = {}
    for k, r in people:
        rat = _at(at, "requirements", k)
        heading_row[k] = len(rows)
        stuck = " violator" if any(req == k for req, _ in stuck_slots) else ""
        head = f"<span>{_mark(r['met'])}{_labelled(rat, people, k, r)}</span>"
        rows.append(_Slot(f'<li class="requirement{stuck}" title="{_esc(r["text"])}"><div>{head}</div></li>'))
        for s, slot in enumerate(r["slots"]):
            also = f" also {_str(_at(rat, 'slots', s, 'also'), slot['also'], 'code')}" if slot["also"] else ""
            hot = " violator" if (k, slot["also"]) in stuck_slots else ""
            who = _person(data, _at(rat, "slots", s, "person"), slot["person"])
            text = f'<span><span aria-hidden="true">{OK}</span> {who}{also}</span>'
            key = f"s{k}-{s}"
            row = f'<li class="slot filled{hot}" data-key="{key}"><div>{text}</div></li>'
            rows.append(_Slot(row, slot["person"], key))
        rows += _empty_rows(rat, r, stuck)
    return rows, heading_row


def _empty_rows(at: str, requirement: dict[str, Any], stuck: str) -> list[_Slot]:
    missing = requirement["missing"]
    row = '<li class="slot empty{}"><div><span><span aria-hidden="true">' + BAD + "</span> {}</span></div></li>"
    if missing > MAX_EMPTY_ROWS:
        return [_Slot(row.format(stuck, f"{_num(_at(at, 'missing'), missing)} empty slots: nobody fills them"))]
    return [_Slot(row.format(stuck, "empty: nobody fills it"))] * missing


def _people_rows(
    data: dict[str, Any], at: str, people: Requirements, slots: list[_Slot], heading_row: dict[int, int], stuck
) -> tuple[list[str], str, list[_Link]]:
    """The people column, the count of everyone else, and the lines between the columns."""
    seated: dict[str, str] = {}  # person -> the pointer naming them first
    for k, r in people:
        for s, slot in enumerate(r["slots"]):
            seated.setdefault(slot["person"], _at(at, "requirements", k, "slots", s, "person"))
    rows, row_of = [], {}
    for person, where in seated.items():
        row_of[person] = len(rows)
        hot = " violator" if person in stuck else ""
        flag = f" {_badge('warn', WARN, 'only candidate')}" if person in stuck else ""
        rows.append(
            f'<li class="person{hot}" data-key="p-{_esc(person)}" tabindex="0"><div><span>'
            f"{_person(data, where, person)}{flag}</span></div></li>"
        )
    links = [_Link(row_of[s.person], i, f"p-{s.person}", s.key) for i, s in enumerate(slots) if s.person is not None]
    for fills, ids in _groups(people, set(seated)):
        links += [_Link(len(rows), heading_row[k]) for k in fills]
        sample = ", ".join(ids[:MAX_GROUP_IDS]) + (", ..." if len(ids) > MAX_GROUP_IDS else "")
        rows.append(
            f'<li class="group" title="{_esc(sample)}"><div><span>{_count(len(ids), at)} more could fill '
            f"{' or '.join(_letter(people, k) for k in fills)}, not needed here</span></div></li>"
        )
    qualified = set(seated).union(*(r["candidates"] for _, r in people))
    idle = data["people"]["count"] - len(qualified)
    rest = f'<p class="rest">{_count(idle, at)} other people hold none of these credentials.</p>' if idle else ""
    return rows, rest, links


def _letter(people: Requirements, k: int) -> str:
    """The letter naming people requirement `k` in the picture: A to Z, then AA, BB, ..."""
    position = [j for j, _ in people].index(k)
    return string.ascii_uppercase[position % 26] * (position // 26 + 1)


def _groups(people: Requirements, seated: set[str]) -> list[tuple[tuple[int, ...], list[str]]]:
    """Candidates not seated, grouped by the requirements they could fill: interchangeable for this level."""
    fills: dict[str, list[int]] = {}
    for k, r in people:
        for person in r["candidates"]:
            if person not in seated:
                fills.setdefault(person, []).append(k)
    groups: dict[tuple[int, ...], list[str]] = {}
    for person, ks in fills.items():
        groups.setdefault(tuple(ks), []).append(person)
    return list(groups.items())


# ---- designations -------------------------------------------------------------------------


def _designation(data: dict[str, Any], at: str, score: dict[str, Any]) -> str:
    """Points per metric against its maximum, the total against the pass mark, and what blocks."""
    metrics = score["metrics"]
    most = sum(m["max"] for m in metrics) or 1
    total = _num(_at(at, "total"), score["total"], "points")
    mark = _num(_at(at, "pass"), score["pass"], "points")
    meter = _meter(score["total"], most, score["total"] <= 0, score["pass"])
    parts = [f'<div class="total"><p><strong>Total {total} points</strong>; the pass mark is {mark}.</p>{meter}</div>']
    if score["track"] is not None:
        track = _str(_at(at, "track"), score["track"], "code")
        parts.append(f"<p>Scored in the track {track}{_track_why(at, score)}</p>")
    zero = [(q, m) for q, m in enumerate(metrics) if m["points"] <= 0]
    if zero:
        names = ", ".join(_str(_at(at, "metrics", q, "title"), m["title"], "strong") for q, m in zero)
        parts.append(
            f'<p class="why" role="note"><span aria-hidden="true">{WARN}</span> At zero: {names}. '
            "Every metric must score above zero to qualify, whatever the total.</p>"
        )
    rows = "".join(_metric_row(data, _at(at, "metrics", q), m) for q, m in enumerate(metrics))
    parts.append(
        '<table class="metrics"><thead><tr><th scope="col">Metric</th><th scope="col">Points</th>'
        f'<th scope="col">What counts</th></tr></thead><tbody>{rows}</tbody></table>'
    )
    state = "met" if score["met"] else "unmet"
    verdict = _verdict(score["met"], "Qualified", "Not qualified")
    return f'<article class="level {state}"><h3>{_mark(score["met"])}Score {verdict}</h3>{"".join(parts)}</article>'


def _meter(value: float, most: float, zero: bool, line: float | None = None) -> str:
    """A bar of `value` out of `most` (a picture of numbers printed beside it), with an optional pass line."""
    width = max(0.0, min(100.0, 100 * value / most))
    pass_line = ""
    if line is not None:
        where = max(0.0, min(100.0, 100 * line / most))
        pass_line = f'<span class="pass" style="left: {where:.2f}%" data-label="pass"></span>'
    return (
        f'<div class="meter{" zero" if zero else ""}" aria-hidden="true">'
        f'<span class="fill" style="width: {width:.2f}%"></span>{pass_line}</div>'
    )


def _track_why(at: str, score: dict[str, Any]) -> str:
    check = score["classification"]
    if check is None:
        return ": the best of the tracks."
    cat = _at(at, "classification")
    answer = "yes" if check["met"] else "no"
    return f", chosen by {_str(_at(cat, 'text'), check['text'], 'code')}: {answer} ({_metric_detail(cat, check)})."


def _metric_row(data: dict[str, Any], at: str, metric: dict[str, Any]) -> str:
    zero = metric["points"] <= 0
    flags = []
    if zero:
        flags.append(_badge("warn", WARN, "at zero"))
    if metric["blocked"]:
        flags.append(_badge("bad", BAD, "blocked by a step or gate"))
    points = (
        f"{_num(_at(at, 'points'), metric['points'], 'points')} of {_num(_at(at, 'max'), metric['max'], 'points')}"
        f" {' '.join(flags)}{_meter(metric['points'], metric['max'] or 1, zero)}"
    )
    counts = [_step(data, _at(at, "steps", i), s) for i, s in enumerate(metric["steps"])]
    counts += [
        f"<li>{_mark(g['met'])}gate {_str(_at(at, 'gates', i, 'text'), g['text'], 'code')}: "
        f"{_metric_detail(_at(at, 'gates', i), g)}</li>"
        for i, g in enumerate(metric["gates"])
    ]
    counts += [_source(_at(at, "sources", i), s) for i, s in enumerate(metric["sources"])]
    title = (
        f'{_str(_at(at, "title"), metric["title"], "strong")}<br><code class="id">'
        f'{_str(_at(at, "metric"), metric["metric"])}</code> · <span class="muted">'
        f"{_str(_at(at, 'category'), metric['category'])}</span>"
    )
    return f'<tr><th scope="row">{title}</th><td class="points">{points}</td><td><ul>{"".join(counts)}</ul></td></tr>'


def _step(data: dict[str, Any], at: str, step: dict[str, Any]) -> str:
    who = ", ".join(_person(data, _at(at, "persons", i), p) for i, p in enumerate(step["persons"]))
    filled = f"; filled by {who}" if who else ""
    missing = f"; {_num(_at(at, 'missing'), step['missing'])} more needed" if step["missing"] else ""
    return f"<li>{_mark(step['met'])}step {_str(_at(at, 'text'), step['text'], 'code')}{filled}{missing}</li>"


def _source(at: str, source: dict[str, Any]) -> str:
    if "metric" in source:
        what = f"{_str(_at(at, 'metric'), source['metric'], 'code')} is {_num(_at(at, 'value'), source['value'])}"
    else:
        persons = _num(_at(at, "value"), source["value"])
        what = f"{persons} counted passing {_str(_at(at, 'persons'), source['persons'], 'code')}"
    if source["threshold"] is None:
        return f"<li>{_mark(False)}{what}: no threshold applies here, worth nothing</li>"
    full = _num(_at(at, "threshold"), source["threshold"])
    worth = _num(_at(at, "points"), source["points"], "points")
    return f"<li>{_mark(source['points'] > 0)}{what}; full points at {full}: worth {worth}</li>"


# ---- plans --------------------------------------------------------------------------------


def _plan(at: str, planned: dict[str, Any], data: dict[str, Any]) -> str:
    """The cheapest plan as a checklist to tick off."""
    competency = planned["competency"]
    title = f"Plan for {_str(_at(at, 'level'), planned['level'], 'strong')}" if planned["level"] else "Plan"
    head = f'<div class="plan" id="plan-{_esc(competency)}"><h3>{title}</h3>'
    match planned["status"]:
        case "attained":
            body = f"<p>{_badge('ok', OK, 'Nothing to do')} {_str(_at(at, 'reasons', 0), planned['reasons'][0])}</p>"
        case "impossible":
            body = f"<p>{_badge('bad', BAD, 'Cannot be attained on that date')}</p>{_reasons(at, planned)}"
        case "unsolved":
            command = f"<code>competency plan -c {_esc(competency)}</code>"
            body = f"<p>{_badge('warn', WARN, 'No plan computed')} (try {command})</p>{_reasons(at, planned)}"
        case _:
            option = _str(_at(at, "option"), planned["option"], "code")
            steps = "".join(_action(at, competency, i, a) for i, a in enumerate(planned["actions"]))
            body = (
                f"<p>The cheapest way: option {option}, total cost {_num(_at(at, 'cost'), planned['cost'])}.</p>"
                f'<ol class="plan">{steps}</ol>'
            )
    return f"{head}{body}</div>"


def _reasons(at: str, planned: dict[str, Any]) -> str:
    return (
        "<ul>"
        + "".join(f"<li>{_str(_at(at, 'reasons', i), r)}</li>" for i, r in enumerate(planned["reasons"]))
        + "</ul>"
    )


def _action(at: str, competency: str, index: int, action: dict[str, Any]) -> str:
    aat = _at(at, "actions", index)
    box = f"do-{_esc(competency)}-{index}"
    gain = f", gains {_num(_at(aat, 'points'), action['points'], 'points')} points" if "points" in action else ""
    return (
        f'<li><input type="checkbox" id="{box}"><label for="{box}">{_str(_at(aat, "text"), action["text"])} '
        f'<span class="cost">(cost {_num(_at(aat, "cost"), action["cost"])}{gain})</span></label></li>'
    )
