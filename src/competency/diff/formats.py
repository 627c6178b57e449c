"""A diff as text, JSON or Markdown (for a pull request comment).

Text and Markdown list at most `MAX_FINDINGS` partners, then say how many more (JSON lists
them all); every printed line is bounded and escaped, as in every other report.

JSON structure (checked by schema/diff.schema.json; keys may be added, none renamed or removed):

    {"version": 1,
     "changes": [{"competency": id | null, "place": [{WHAT: WHICH}, ...],  # null: the catalog (a credential)
                  "kind": "added" | "removed" | "changed", "subject": str,
                  "details": [str, ...], "old": [LINE, ...], "new": [LINE, ...]}],  # the rule in show's words
     "partners": {"records": int, "changed": int, "rejected": [{"line" | "file": ..., "error": ERROR}],
                  "counts": {id: [{"from": str, "to": str, "partners": int}]},
                  "verdicts": [{"line" | "file": ..., "partner": str, "id": str | null, "as_of": date,
                                "competencies": [{"competency": id, "old": VERDICT, "new": VERDICT,
                                                  "reasons": [str, ...]}]}]}}    # "partners": only with --partners
    WHAT: WHICH, outermost first: "effective": date | null (a version, named when there are several),
      "credential", "option", "level", "metric": id, "branch": 0-based index (as eval's `branches`),
      "steps" | "gates": null (of the metric before it)
    VERDICT: {"level": str | null, "option": str | null}, or null when no version is in force
    ERROR: as `competency batch` writes it
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from competency.batch.batch import record_label
from competency.diff.impact import Impact, PartnerChange, Rejected, Verdict, VerdictChange, transition
from competency.diff.semantic import Change, Where
from competency.linting.formats import diagnostic_json
from competency.reports.show import Bullet, bullet_lines, markdown_escape
from competency.terminal import MAX_FINDINGS, line, omitted, shorten

JSON_VERSION = 1  # of the JSON output, checked by schema/diff.schema.json

# ---- JSON ---------------------------------------------------------------------------------


def to_json(changes: Sequence[Change], impact: Impact | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"version": JSON_VERSION, "changes": [_change_json(c) for c in changes]}
    if impact is not None:
        out["partners"] = {
            "records": impact.records,
            "changed": len(impact.changed),
            "rejected": [{**r.where, "error": diagnostic_json(r.diagnostic)} for r in impact.rejected],
            "counts": {
                c: [{"from": was, "to": now, "partners": n} for (was, now), n in sorted(counts.items())]
                for c, counts in sorted(impact.transitions.items())
            },
            "verdicts": [_partner_json(p) for p in impact.changed],
        }
    return out


def _change_json(change: Change) -> dict[str, Any]:
    return {
        "competency": change.competency,
        "place": [{what: which} for what, which in change.where],  # a list: `either`s nest, so a key repeats
        "kind": change.kind,
        "subject": change.subject,
        "details": list(change.details),
        "old": list(bullet_lines(change.old, 0, str)),
        "new": list(bullet_lines(change.new, 0, str)),
    }


def _partner_json(partner: PartnerChange) -> dict[str, Any]:
    return {
        **partner.where,
        "partner": partner.partner,
        "id": partner.id,
        "as_of": partner.as_of.isoformat(),
        "competencies": [
            {
                "competency": c.competency,
                "old": _verdict_json(c.old),
                "new": _verdict_json(c.new),
                "reasons": list(c.reasons),
            }
            for c in partner.changes
        ],
    }


def _verdict_json(verdict: Verdict) -> dict[str, str | None] | None:
    return None if verdict is None else {"level": verdict[0], "option": verdict[1]}


# ---- text and Markdown: one walk, two ways of writing it ------------------------------------


def to_text(changes: Sequence[Change], impact: Impact | None = None) -> str:
    lines = []
    for change in changes:
        lines.append(f"{_place(change)}: {change.subject} {change.kind}")
        lines += [f"  {d}" for d in change.details]
        for heading, bullets in _sides(change):
            indent = "  "
            if heading:
                lines.append(f"  {heading.lower()}:")
                indent = "    "
            lines += [indent + item for item in bullet_lines(bullets, 0, str)]
    if not changes:
        lines.append("no differences in the rules")
    if impact is not None:
        lines += ["", _partners_summary(impact)]
        for competency_id, counts in sorted(impact.transitions.items()):
            lines.append(
                f"  {competency_id}: " + ", ".join(f"{was} -> {now} {n:,}" for (was, now), n in sorted(counts.items()))
            )
        for partner in impact.changed[:MAX_FINDINGS]:
            lines.append(f"{partner.partner} ({_record(partner)})")
            for change in partner.changes:
                lines.append(f"  {change.competency}: {_verdict_change(change)}")
                lines += [f"    - {reason}" for reason in change.reasons]
        lines += omitted(len(impact.changed), "use --format json for all")
        lines += [f"rejected: {_rejection(r)}" for r in impact.rejected[:MAX_FINDINGS]]
        lines += omitted(len(impact.rejected), "use --format json for all")
    return "".join(line(text) + "\n" for text in lines)


def to_markdown(changes: Sequence[Change], impact: Impact | None = None) -> str:
    md = lambda text: markdown_escape(shorten(text))  # noqa: E731
    lines = ["## Rule changes", ""]
    for competency_id, group in _by_competency(changes):
        lines += [f"### {md(_subject(competency_id))}", ""]
        for change in group:
            where = ", ".join(_words(change.where))
            lines.append(
                f"- **{md(change.subject.capitalize())} {change.kind}**" + (f" ({md(where)})" if where else "")
            )
            lines += [f"  - {md(d)}" for d in change.details]
            for heading, bullets in _sides(change):
                depth = 1
                if heading:
                    lines.append(f"  - {heading}:")
                    depth = 2
                lines += list(bullet_lines(bullets, depth, md))
        lines.append("")
    if not changes:
        lines += ["No differences in the rules.", ""]
    if impact is not None:
        summary = _partners_summary(impact)
        lines += ["## Partners", "", md(summary[:1].upper() + summary[1:]) + ".", ""]
        if impact.transitions:
            lines += ["| competency | verdict | partners |", "| --- | --- | ---: |"]
            for competency_id, counts in sorted(impact.transitions.items()):
                for (was, now), n in sorted(counts.items()):
                    lines.append(f"| {_cell(competency_id)} | {_cell(was)} → {_cell(now)} | {n:,} |")
            lines.append("")
        if impact.changed:
            lines += [f"<details><summary>Partners whose verdict changes ({len(impact.changed):,})</summary>", ""]
            for partner in impact.changed[:MAX_FINDINGS]:
                lines.append(f"- **{md(partner.partner)}** ({md(_record(partner))})")
                for change in partner.changes:
                    lines.append(f"  - {md(change.competency)}: {md(_verdict_change(change, '→'))}")
                    lines += [f"    - {md(reason)}" for reason in change.reasons]
            lines += [md(text) for text in omitted(len(impact.changed), "use --format json for all")]
            lines += ["", "</details>", ""]
        if impact.rejected:
            lines += [f"Rejected records ({len(impact.rejected):,}):", ""]
            lines += [f"- {md(_rejection(r))}" for r in impact.rejected[:MAX_FINDINGS]]
            lines += [md(text) for text in omitted(len(impact.rejected), "use --format json for all")]
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _cell(text: str) -> str:
    return markdown_escape(shorten(text)).replace("|", "\\|")


def _by_competency(changes: Sequence[Change]) -> Iterator[tuple[str | None, list[Change]]]:
    group: list[Change] = []
    for change in changes:
        if group and group[0].competency != change.competency:
            yield group[0].competency, group
            group = []
        group.append(change)
    if group:
        yield group[0].competency, group


def _place(change: Change) -> str:
    return ", ".join([_subject(change.competency), *_words(change.where)])


def _subject(competency_id: str | None) -> str:
    return "catalog" if competency_id is None else competency_id


def _words(where: Where) -> list[str]:
    return [_word(what, which) for what, which in where]


def _word(what: str, which: str | int | None) -> str:
    if what == "effective":  # a version
        return f"version effective {which}" if which else "version undated"
    if isinstance(which, int):  # a branch, numbered from 1 for people
        return f"{what} {which + 1}"
    return what if which is None else f"{what} {which}"


def _sides(change: Change) -> list[tuple[str | None, tuple[Bullet, ...]]]:
    """The rule's words: before and after for a change, else the one side there is."""
    if change.kind == "changed":
        return [("Before", change.old), ("After", change.new)]
    return [(None, change.old or change.new)]


def _partners_summary(impact: Impact) -> str:
    return (
        f"partners: {impact.records:,} read, {len(impact.changed):,} with a changed verdict, "
        f"{len(impact.rejected):,} rejected"
    )


def _rejection(rejected: Rejected) -> str:
    return f"{record_label(rejected.where)}: {rejected.diagnostic.code} {rejected.diagnostic.message}"


def _record(partner: PartnerChange) -> str:
    who = [record_label(partner.where)] + ([f"id {partner.id}"] if partner.id else [])
    return ", ".join([*who, f"as of {partner.as_of}"])


def _verdict_change(change: VerdictChange, arrow: str = "->") -> str:
    was, now = transition(change)
    return f"{was} {arrow} {now}"
