"""The lint rule catalogue: every diagnostic code, with a severity, a one-line summary and,
as the class docstring, the explanation `competency rule CODE` prints.

Codes `S1xx` (syntax) and `R2xx` (names and semantics) are raised by the parser and the
compiler; `I3xx` concern input files. They are listed here so they can be explained and
selected (an `S1xx` or `R2xx` error stops its file from loading and cannot be deselected).
The `L4xx` rules are this module's own: each checks one compiled competency version
(`Subject`), its plan and its syntax tree, and yields diagnostics.
"""

from __future__ import annotations

import datetime as dt
import inspect
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import ClassVar

from competency.compiler import plan
from competency.compiler.compile import MARKETS
from competency.engine.scoring import combine
from competency.errors import Diagnostic, Severity
from competency.language import ast
from competency.language.render import condition_text, requirement_text, threshold_text

UNIGNORABLE = (
    "This error stops the file from loading, so it is always reported: `--select`, `--ignore`, "
    "`[tool.competency]` and `# competency: ignore[...]` do not hide it."
)


class Rule:
    code: ClassVar[str]
    severity: ClassVar[Severity] = Severity.ERROR
    summary: ClassVar[str]

    @classmethod
    def explanation(cls) -> str:
        text = inspect.cleandoc(cls.__doc__ or "")
        return f"{text}\n\n{UNIGNORABLE}" if cls.blocks_loading() else text

    @classmethod
    def blocks_loading(cls) -> bool:
        """Whether the parser's and the compiler's findings of this code stop a file from loading."""
        return cls.severity is Severity.ERROR and cls.code[0] in "SR"


# ---- reported by the parser and the compiler ------------------------------------------


class S100(Rule):
    """The parser met a word or symbol it cannot use at this point. The message names the
    rule of the language that was broken ("groups come before options", "a level needs a
    name") when it is a common one, else what could come instead. After an error the parser
    skips input until it can go on, so one run reports every syntax error it can tell apart;
    fix the first one first.

        1 person passes one_of(MB2-714, MB2-713   # ')' is missing
    """

    code, summary = "S100", "unexpected word or symbol"


class S101(Rule):
    """A character that no word of the language starts with, such as `;` or `$`.
    Ids are bare when made of letters, digits, `_`, `.` and `-` (`MB2-714`); put
    anything else in double quotes (`"AZ-900 (beta)"`).
    """

    code, summary = "S101", "unexpected character"


class S102(Rule):
    """The file ends in the middle of something: usually a `}` is missing. The message
    says what the parser was waiting for."""

    code, summary = "S102", "unexpected end of file"


class S103(Rule):
    """Competency files are UTF-8 text. Re-save the file as UTF-8; the position points at
    the first byte that is not valid UTF-8."""

    code, summary = "S103", "file is not valid UTF-8"


class S104(Rule):
    """A competency file may hold at most 5,000,000 bytes, so that a mistaken path (a
    log, a database dump) fails fast instead of taking minutes. Split large libraries
    into one file per competency."""

    code, summary = "S104", "file is too large"


class S105(Rule):
    """A date has the form YYYY-MM-DD and must exist in the calendar: `2018-02-30` does
    not."""

    code, summary = "S105", "not a calendar date"


class S106(Rule):
    """A competency field (`source`, `effective`, `levels`) or a credential date
    (`available`, `retired`, `accepted until`) may be given once. Keep the right one."""

    code, summary = "S106", "field given twice"


class S107(Rule):
    """A quoted text opens with `"` and must close with `"` on the same line. Write a
    literal quote inside it as `\\"`."""

    code, summary = "S107", "unterminated string"


class S108(Rule):
    """Conditions and `either` blocks may nest at most 100 levels deep. Nothing real comes
    close; name a part of a large condition with `group` and refer to it by name."""

    code, summary = "S108", "nested too deeply"


class S109(Rule):
    """A people requirement asks for at most 1,000 persons and a threshold has at most 24
    digits before the decimal point. Larger numbers are typing mistakes, and a count is
    the number of slots the matching has to fill."""

    code, summary = "S109", "number too large"


class R200(Rule):
    """A condition names a credential (or group) that neither the catalog nor the
    competency's `group`s declare. Check the spelling (`MB2-714`, not `MB2714`) or add
    the credential to a catalog: `exam MB2-714 "Dynamics CRM Customer Service"`.
    A slot that needs only unknown credentials can never be filled. A file's first 100
    unknown credentials are reported one by one; one more finding counts the rest."""

    code, summary = "R200", "unknown credential"


class R201(Rule):
    """`metric ID >= ...` names a metric the catalog does not declare. Declare it with
    `metric ID "title" unit USD` in a catalog."""

    code, summary = "R201", "unknown metric"


class R202(Rule):
    """`association ID` names an association the catalog does not declare. Declare it
    with `association ID "title"` in a catalog."""

    code, summary = "R202", "unknown association"


class R203(Rule):
    """`attribute ID` names an attribute the catalog does not declare. Declare it with
    `attribute ID "title"` in a catalog."""

    code, summary = "R203", "unknown attribute"


class R204(Rule):
    """A `level` whose name is not one of the competency's levels (`silver` and `gold`
    unless `levels a < b < c` says otherwise)."""

    code, summary = "R204", "unknown level"


class R205(Rule):
    """An id is declared twice where it must be unique: a catalog entry, an option, a
    level of an option, a group, a market threshold of one metric requirement, or two
    versions of one competency with the same `effective` date. Remove or rename one."""

    code, summary = "R205", "duplicate id"


class R206(Rule):
    """A threshold's `in` label names no market (`developed`, `developing`), or, in a
    designation with tracks, no track of it. A track's own `when` takes no label: the track
    is not chosen yet when it is checked."""

    code, summary = "R206", "unknown market or track"


class R207(Rule):
    """A threshold's unit differs from the unit the catalog declares for the metric
    (`USD` against `seats`). Write the metric's unit, or none."""

    code, summary = "R207", "wrong unit"


class R208(Rule):
    """The `k of them also pass` clauses of a people requirement ask for more persons, in
    total, than the requirement itself."""

    code, summary = "R208", "'of them' asks for too many persons"


class R210(Rule):
    """A level's `either` blocks combine into more than 1,024 routes. Split the level, or
    move shared requirements out of the branches."""

    code, summary = "R210", "too many combinations of 'either' branches"


class R211(Rule):
    """A people requirement or an `of them` clause asks for 0 persons: drop it, or ask
    for at least 1."""

    code, summary = "R211", "count of persons below 1"


class R212(Rule):
    """A condition whose normal form (its alternatives, each a set of credentials) has
    more than 4,096 alternatives: an `and` of many long `one_of`s, or a `one_of` of more
    than 4,096 credentials. Name parts with `group`, or split the requirement."""

    code, summary = "R212", "condition too complex"


class R213(Rule):
    """A designation without `pass N`: the pass mark its total must reach (with more than
    zero points in every metric) is part of its rules. Write it after the source and date."""

    code, summary = "R213", "designation without a pass mark"


class R214(Rule):
    """Tracks are tried in written order and the first whose `when` holds scores the
    partner; only the last may have no `when` (it takes every other partner). Without any
    `when`, every track is scored and the best counts."""

    code, summary = "R214", "track without `when` before the last"


class R215(Rule):
    """A metric's points are full when its progress reaches the threshold and proportional
    below it; a threshold of 0 or less cannot be reached in proportion."""

    code, summary = "R215", "points threshold not above 0"


class I300(Rule):
    """A path given on the command line (or a file in a directory) cannot be read."""

    code, summary = "I300", "cannot read file"


class I301(Rule):
    """Partner data is not valid YAML or JSON, is too large, or its YAML aliases would
    expand it past the size limit ("billion laughs")."""

    code, summary = "I301", "partner data cannot be loaded"


class I302(Rule):
    """Partner data does not match the partner schema; the message gives the data path,
    such as `people[3].credentials[0]`."""

    code, summary = "I302", "partner data is invalid"


class I303(Rule):
    """`eval --competency ID` names a competency the library does not have."""

    code, summary = "I303", "unknown competency"


class I304(Rule):
    """`show --as-of DATE` asks for a date on which no version of the competency is in
    force: every version's `effective` date is later."""

    code, summary = "I304", "no version in force on the date"


class I305(Rule):
    """A row of a transcript CSV names a partner that the partner file does not list (by
    `id`, or by name for partners without one): its people cannot be attached."""

    code, summary = "I305", "transcript row for an unknown partner"


class I306(Rule):
    """`batch` cannot start its workers: `--engine dask` needs the optional Dask extra
    (`pip install 'competency[dask]'`), the `--scheduler` address is malformed, unreachable
    or not a Dask scheduler, or the system refuses more processes (a limit on processes or
    open files): ask for fewer `--workers`."""

    code, summary = "I306", "batch workers cannot be started"


class I307(Rule):
    """Partner data names a credential the catalog does not know, such as a typo
    (`MB2-7144`). It is kept but counts toward no requirement; the warning names the first
    place it appears and how many more there are."""

    code, summary = "I307", "unknown credential in partner data"
    severity = Severity.WARNING


class I308(Rule):
    """An output file cannot be written there. `batch --output FILE`: FILE is an input (the
    input file, a file in the input directory, or the `--transcripts` CSV, also through a
    link), a directory, or in a place where no file can be created. The results go to a
    temporary file beside FILE, renamed over it when the batch completes, so an interrupted
    batch leaves FILE as it was. `report -o FILE` and `test --coverage-output FILE`: FILE is
    the partner file, or a test or competency file of the run; nothing is written."""

    code, summary = "I308", "the output cannot be written there"


class I310(Rule):
    """The `[tool.competency]` table of pyproject.toml, or `--select`/`--ignore`, holds a
    value that is not understood: `select` and `ignore` are lists of codes or code
    prefixes (`"L4"`, `"R200"`, `"ALL"`), `fail-level` is `"error"` or `"warning"`, `library`
    a path or a list of paths (relative to the pyproject.toml)."""

    code, summary = "I310", "invalid lint settings"


class I311(Rule):
    """The formatter refuses to rewrite a file when the result would not parse back to the
    same rules. This is a bug in `competency fmt`: please report it with the file."""

    code, summary = "I311", "formatting would change the file's meaning"


class I312(Rule):
    """`plan` and `eval --key-people` solve an integer program exactly (HiGHS). One that
    grows past 2,000,000 variables and coefficients, or has no proven optimum after 10 s of
    solving, is given up: a plan found by then may not be the cheapest. Large conditions
    (thousands of alternatives) and many `same or different` requirements make programs
    large and slow. Narrow the question: `plan --option O --level L`, `eval --competency ID`.
    """

    code, summary = "I312", "integer program too large or too slow"


class I313(Rule):
    """`lint` found no competency file (`.comp`) in the paths it was given: an empty
    directory, or one whose files have another suffix. A CI job pointed at the wrong
    directory would otherwise pass having checked nothing."""

    code, summary = "I313", "no competency files found"


class I320(Rule):
    """`test` found no test file (`*.test.yaml`) in the paths it was given, so a CI job pointed
    at the wrong directory fails instead of passing having tested nothing."""

    code, summary = "I320", "no test files found"


class I321(Rule):
    """A test file of `competency test` is malformed: not the shape its JSON Schema gives
    (`schema/test-file.schema.json`), a date that is no date, a case name used twice, or a level,
    option or designation field that the competency it names does not have. The message names
    the file, line and column of the YAML node."""

    code, summary = "I321", "invalid test file"


class I314(Rule):
    """`competency schema NAME` names no schema the package ships: NAME is a command with JSON
    output (`eval`, `plan`, `batch`, `show`, `lint`) or `partner`, the partner data's schema.
    The message lists every name."""

    code, summary = "I314", "unknown JSON Schema"


class I399(Rule):
    """A batch record met a bug while it was evaluated: its output line carries this code
    and the exception, it counts as rejected, and the batch goes on with the next record.
    Please report it with the record."""

    code, summary = "I399", "internal error while evaluating a batch record"


# ---- lint rules: checked on the compiled plan and the syntax tree -------------------------


@dataclass(frozen=True, slots=True)
class Subject:
    """One compiled competency version of a linted file, and the days it is in force."""

    version: plan.Competency
    library: plan.Library
    starts: dt.date | None  # None: from the beginning of time
    ends: dt.date | None  # the last day in force; None: still in force

    @property
    def catalog(self) -> plan.Catalog:
        return self.library.catalog


class LintRule(Rule):
    severity = Severity.WARNING

    def check(self, subject: Subject) -> Iterator[Diagnostic]:
        raise NotImplementedError

    def finding(self, subject: Subject, message: str, span: ast.Span | None) -> Diagnostic:
        return Diagnostic(self.code, message, subject.version.path, span, self.severity)


class L401(LintRule):
    """The same credential (or the same sub-condition) appears twice in one `one_of` or
    `all_of` (or in one chain of `or`s or `and`s). It changes nothing, so it is usually a
    copy-paste slip where another credential was meant:

        1 person passes one_of(MB2-714, MB2-713, MB2-714)   # MB2-717 was meant

    Each repeated item is reported once, at its second occurrence, with how often it is listed.
    """

    code, summary = "L401", "duplicate item in one one_of/all_of"

    def check(self, subject: Subject) -> Iterator[Diagnostic]:
        for condition in conditions(subject.version.syntax):
            for node in walk_condition(condition):
                if isinstance(node, ast.Ref):
                    continue
                kind = "one_of" if isinstance(node, ast.OneOf) else "all_of"
                for item, count in _repeated(node.items):
                    what = f"credential '{item.name}'" if isinstance(item, ast.Ref) else f"'{condition_text(item)}'"
                    times = "twice" if count == 2 else f"{count:,} times"
                    yield self.finding(subject, f"{what} is listed {times} in the same {kind}", item.span)


def _repeated(items: Sequence[ast.Condition]) -> Iterator[tuple[ast.Condition, int]]:
    """Each item listed more than once, with how often, at its second occurrence (one pass, not pairs)."""
    counts = Counter(items)
    seen: set[ast.Condition] = set()
    for item in items:
        if item in seen and item in counts:
            yield item, counts.pop(item)  # popped: reported once
        seen.add(item)


class L402(LintRule):
    """A condition names a credential that the catalog never accepts while this version of
    the competency is in force: the credential's acceptance window (`available` to
    `accepted until`, else `retired`) ends before the version's `effective` date, or
    starts after the next version takes over. Nobody can count through it; it is usually
    a list copied from an older version of the page. Remove it, or fix the catalog dates.
    """

    code, summary = "L402", "credential never accepted while this version is in force"

    def check(self, subject: Subject) -> Iterator[Diagnostic]:
        groups = {g.id for g in _groups(subject.version.syntax)}
        for condition in conditions(subject.version.syntax):
            for node in walk_condition(condition):
                credential = subject.catalog.credentials.get(node.name) if isinstance(node, ast.Ref) else None
                if credential is None or node.name in groups or _overlap(subject, (credential,)):
                    continue
                yield self.finding(subject, _window_message(subject, credential), node.span)


def _window_message(subject: Subject, credential: plan.Credential) -> str:
    first, last = credential.available, credential.last_accepted
    if first is not None and last is not None and first > last:
        return f"credential '{credential.id}' is never accepted: available from {first}, accepted only until {last}"
    if last is not None and subject.starts is not None and last < subject.starts:
        return (
            f"credential '{credential.id}' is accepted only until {last}, before this version "
            f"takes effect on {subject.starts}"
        )
    replaced = subject.ends + dt.timedelta(days=1) if subject.ends else None  # not None when first > ends
    return f"credential '{credential.id}' is accepted only from {first}, after this version is replaced on {replaced}"


class L403(LintRule):
    """No person could ever fill this people requirement (or its `of them` clause): every
    combination of credentials that meets its condition needs two credentials whose
    acceptance windows never overlap, or a credential never accepted while this version
    is in force. The level it belongs to can never be met through it, and a designation's
    metric never scores when it is one of the metric's steps. Typical cause:
    `all_of(old-exam, new-exam)` where `one_of` was meant.
    """

    code, summary = "L403", "slot no person can fill"
    severity = Severity.ERROR

    def check(self, subject: Subject) -> Iterator[Diagnostic]:
        reported: set[int] = set()
        for slot, requirement in _slots(subject.version):
            node = slot.role or requirement
            if id(node) in reported or not slot.condition.terms:
                continue  # no terms at all: an unknown name, already reported (R200)
            if not any(_overlap(subject, _credentials(subject, t)) for t in slot.condition.terms):
                reported.add(id(node))
                message = (
                    "no person can ever fill this: no set of credentials that meets the condition "
                    "is accepted on one day while this version is in force"
                )
                yield self.finding(subject, message, node.span)


def _slots(version: plan.Competency) -> Iterator[tuple[plan.Slot, ast.PeopleRequirement]]:
    """Every slot of the version's pools (a designation's steps included), with the requirement it serves."""
    for level in _levels(version):
        for route in level.routes:
            for pool in route.pools:
                yield from ((slot, route.requirements[slot.requirement]) for slot in pool.slots)
    for metric in version.score.metrics if version.score else ():
        for step, pool in zip(metric.steps, metric.step_pools, strict=True):
            yield from ((slot, step) for slot in pool.slots)


class L404(LintRule):
    """A higher level of an option can be met by a partner that does not meet a lower
    level of the same option: a partner could be Gold without being Silver.

    The check is a proof search, requirement by requirement: a higher level is at least
    as strict as a lower one when, for one way of meeting it (one branch of each
    `either`), some way of meeting the lower level has every requirement covered:
    a metric by a threshold at least as high in both markets; an association list by a
    list of no more associations; an attribute by the same attribute; and the lower
    level's people by the higher level's, person by person (each of the higher level's
    persons meets the condition of the lower-level person it stands for, and persons who
    must be distinct stay distinct). When no such proof exists the level is reported,
    with a lower-level requirement nothing covers: thresholds lower, fewer people, or
    looser conditions. People asked to pass credentials the higher level never names (Gold
    by a certification, Silver by exams) are a different route, not a weaker one: the
    catalog does not say which exams a certification stands for, so they are not compared.
    """

    code, summary = "L404", "higher level weaker than a lower one"

    def check(self, subject: Subject) -> Iterator[Diagnostic]:
        for option in subject.version.options:
            slots = _slots_by_requirement(option)
            for high in option.levels:
                for low in option.levels:
                    if low.rank >= high.rank:
                        continue
                    gap = _level_gap(high, low, slots)
                    if gap is not None:
                        message = (
                            f"level '{high.name}' of option '{option.id}' can be met without meeting "
                            f"'{low.name}': nothing in '{high.name}' is at least as strict as '{gap}'"
                        )
                        yield self.finding(subject, message, high.source.span)
                        break


class L405(LintRule):
    """An `either` branch is subsumed by another: every partner that meets it also meets
    the other branch, so it never changes the outcome. Usually one of the two was copied
    and not edited, or the thresholds of the wrong branch were raised:

        either { 2 persons each pass MB2-714 } or { 1 person passes MB2-714 }

    (the first branch is never needed). Branches that nest another `either` are not
    compared.
    """

    code, summary = "L405", "either-branch subsumed by another"

    def check(self, subject: Subject) -> Iterator[Diagnostic]:
        for option in subject.version.options:
            slots = _slots_by_requirement(option)
            for level in option.levels:
                for either in _walk_requirements(level.source.requirements):
                    if isinstance(either, ast.Alternatives):
                        yield from self._check_either(subject, either, slots)

    def _check_either(self, subject: Subject, either: ast.Alternatives, slots) -> Iterator[Diagnostic]:
        demands = [_demand(branch, slots) for branch in either.branches]
        if any(d is None for d in demands) or any(isinstance(r, ast.Alternatives) for b in either.branches for r in b):
            return
        for j, strict in enumerate(demands):
            for i, loose in enumerate(demands):
                covered = i != j and _gap(strict, loose, shared_to_shared=True) is None
                if covered and (i < j or _gap(loose, strict, shared_to_shared=True) is not None):
                    branch = either.branches[j]
                    message = (
                        f"either-branch {j + 1} is subsumed by branch {i + 1}: a partner meeting it always "
                        f"meets branch {i + 1}, so it never changes the outcome"
                    )
                    yield self.finding(subject, message, branch[0].span if branch else either.span)
                    break


class L406(LintRule):
    """A competency version without a `source`: reviewers cannot check its rules against
    the page they encode. Add the page, its language and its date:

        source "Microsoft Partner Network: Cloud CRM competency (page of 2017-12-15)"
    """

    code, summary = "L406", "missing source citation"

    def check(self, subject: Subject) -> Iterator[Diagnostic]:
        syntax = subject.version.syntax
        if not (syntax.source or "").strip():
            when = f" (effective {syntax.effective})" if syntax.effective else ""
            message = f"competency '{syntax.id}'{when} does not cite its source; add source \"...\""
            yield self.finding(subject, message, _first_line(syntax.span))


class L407(LintRule):
    """A metric threshold is higher in the developing market than in the developed one.
    Partner programs ask less of developing markets (Cloud CRM Silver: 100,000 USD
    developed, 50,000 USD developing), so the two values are most likely swapped. A
    threshold without a market applies to both markets.
    """

    code, summary = "L407", "developing-market threshold above the developed one"

    def check(self, subject: Subject) -> Iterator[Diagnostic]:
        for option in subject.version.options:
            for level in option.levels:
                for requirement in _walk_requirements(level.source.requirements):
                    if not isinstance(requirement, ast.MetricRequirement):
                        continue
                    developed, developing = (requirement.threshold_for(m) for m in ("developed", "developing"))
                    if developed is not None and developing is not None and developing.value > developed.value:
                        message = (
                            f"the developing-market threshold ({threshold_text(developing)}) is higher than the "
                            f"developed-market one ({threshold_text(developed)}); are they swapped?"
                        )
                        yield self.finding(subject, message, developing.span)


class L408(LintRule):
    """A designation's metric maxima do not add up to 100 points. The programs score out
    of 100 and category maxima are the sums of their metrics' maxima, so a total of 90 or
    110 usually means a metric was left out, or a maximum mistyped."""

    code, summary = "L408", "designation maxima do not sum to 100"

    def check(self, subject: Subject) -> Iterator[Diagnostic]:
        score = subject.version.score
        total = sum((m.max for m in score.metrics), Fraction(0)) if score else Fraction(100)
        if total != 100:
            message = f"the maxima of designation '{score.syntax.id}' sum to {total} points, not 100"
            yield self.finding(subject, message, _first_line(score.syntax.span))


class L409(LintRule):
    """A designation's pass mark is above the most points a partner can score: no partner
    can ever qualify. The most a metric can score is its maximum, less what its sources
    cannot reach: a `sum` is capped at the metric's maximum, and a source without a
    threshold for the partner's track (or market) scores nothing there."""

    code, summary = "L409", "pass mark above the reachable maximum"
    severity = Severity.ERROR

    def check(self, subject: Subject) -> Iterator[Diagnostic]:
        score = subject.version.score
        if score is None:
            return
        labels = tuple(t.id for t in score.tracks) or MARKETS
        most = max(sum((_reachable(m.points, m.max, label) for m in score.metrics), Fraction(0)) for label in labels)
        if score.pass_mark > most:
            message = (
                f"the pass mark {score.pass_mark} is above the most points a partner can score "
                f"({most}): no partner can qualify"
            )
            yield self.finding(subject, message, _first_line(score.syntax.span))


def _reachable(points: plan.Points, most: Fraction, label: str) -> Fraction:
    """The most `points` can be worth for a partner scored with the thresholds of `label`:
    each source its whole maximum where a threshold applies, combined as the engine does."""

    def full(source: plan.Points, cap: Fraction) -> Fraction:
        return cap if ast.threshold_for(_source(source).thresholds, label) else Fraction(0)

    return combine(points, most, full)


class L410(LintRule):
    """A points source of a designation with tracks has no threshold for some track, and
    is not an alternative of a `best`: partners in that track always score 0 for it (and
    a metric at 0 fails the designation). Add the track's threshold, or an unlabelled one
    for every track; a source meant for one track only belongs in `best { } or { }` with
    the other tracks' sources."""

    code, summary = "L410", "points source without a threshold for a track"

    def check(self, subject: Subject) -> Iterator[Diagnostic]:
        score = subject.version.score
        for metric in score.metrics if score and score.tracks else ():
            for source in _sources_outside_best(metric.points):
                syntax = _source(source)
                for track in score.tracks:
                    if ast.threshold_for(syntax.thresholds, track.id) is None:
                        message = (
                            f"no threshold for track '{track.id}': metric '{metric.id}' always scores 0 from "
                            "this source there"
                        )
                        yield self.finding(subject, message, syntax.span)


class L411(Rule):
    """A `# competency: ignore[CODE]` comment silences nothing: no finding of CODE is on its
    line or the next, CODE is not a rule code or prefix, or CODE names an error that stops
    the file from loading (those are always reported). Remove the comment, or fix the code;
    a stale suppression would hide the next real finding there. Codes the settings turn off
    are not checked. Reported by the linter itself, at the comment.

        1 person passes one_of(T-A, T-B)  # competency: ignore[L401]   # nothing is repeated
    """

    code, summary = "L411", "suppression comment silences nothing"
    severity = Severity.WARNING


class L412(LintRule):
    """A condition mixes `and` and `or` without parentheses. `and` binds tighter, so

        1 person passes MB2-714 and MB2-713 or MB2-709

    means `(MB2-714 and MB2-713) or MB2-709`, which a reader may take for
    `MB2-714 and (MB2-713 or MB2-709)`. Write the parentheses that say which is meant.
    """

    code, summary = "L412", "`and` and `or` mixed without parentheses"

    def check(self, subject: Subject) -> Iterator[Diagnostic]:
        for condition in conditions(subject.version.syntax):
            for node in walk_condition(condition):
                if not (isinstance(node, ast.OneOf) and _infix(node)):
                    continue
                for item in node.items:
                    if isinstance(item, ast.AllOf) and _infix(item):
                        message = (
                            f"`and` and `or` mixed without parentheses: `and` binds tighter, so "
                            f"({condition_text(item)}) is one alternative of the `or`; write the parentheses"
                        )
                        yield self.finding(subject, message, item.span)


def _infix(node: ast.OneOf | ast.AllOf) -> bool:
    """Whether the node is written `a or b` (`a and b`) without parentheses: it starts where its first item does.

    A call starts at `one_of(`, and a parenthesized condition's span takes in its `(`.
    """
    first = node.items[0].span
    return (node.span.line, node.span.column) == (first.line, first.column) and node.span.line > 0


class L413(LintRule):
    """A level, or a branch of an `either`, has no requirement: every partner meets it
    (the `either`, with an empty branch, always holds). Usually its requirements were
    left out or moved; a level that truly asks nothing is better left out of the option.

        level silver { }
    """

    code, summary = "L413", "level or either-branch with no requirement"

    def check(self, subject: Subject) -> Iterator[Diagnostic]:
        syntax = subject.version.syntax
        for option in syntax.options if isinstance(syntax, ast.Competency) else ():
            for level in option.levels:
                if not level.requirements:
                    message = f"level '{level.name}' of option '{option.id}' has no requirement: every partner meets it"
                    yield self.finding(subject, message, _first_line(level.span))
                for either in _walk_requirements(level.requirements):
                    if isinstance(either, ast.Alternatives):
                        yield from self._empty_branches(subject, either)

    def _empty_branches(self, subject: Subject, either: ast.Alternatives) -> Iterator[Diagnostic]:
        for index, branch in enumerate(either.branches):
            if not branch:
                message = (
                    f"either-branch {index + 1} has no requirement: every partner meets it, "
                    "so the `either` always holds"
                )
                yield self.finding(subject, message, _first_line(either.span))


def _sources_outside_best(points: plan.Points) -> Iterator[plan.Points]:
    match points:
        case plan.BestPoints():
            return
        case plan.SumPoints(parts=parts):
            for _, part in parts:
                yield from _sources_outside_best(part)
        case _:
            yield points


def _source(points: ast.MetricPoints | plan.PersonPoints) -> ast.MetricPoints | ast.PersonPoints:
    return points.syntax if isinstance(points, plan.PersonPoints) else points


def _code(rule: type[Rule]) -> str:
    return rule.code


def _is_rule(value: object) -> bool:
    return isinstance(value, type) and issubclass(value, Rule) and value not in (Rule, LintRule)


RULES: dict[str, type[Rule]] = {c.code: c for c in sorted(filter(_is_rule, list(globals().values())), key=_code)}
LINT_RULES: tuple[LintRule, ...] = tuple(cls() for cls in RULES.values() if issubclass(cls, LintRule))


# ---- walking the syntax tree -----------------------------------------------------------------


def conditions(version: ast.Competency | ast.Designation) -> Iterator[ast.Condition]:
    """Every top-level condition of a version: groups, people requirements, `of them` clauses;
    in a designation, its steps and the persons its points count."""
    if isinstance(version, ast.Designation):
        for metric in version.metrics:
            yield from _people_conditions(metric.steps)
            yield from _counted(metric.points)
        return
    for group in version.groups:
        yield group.condition
    for option in version.options:
        for level in option.levels:
            yield from _people_conditions(_walk_requirements(level.requirements))


def _people_conditions(requirements: Iterable[ast.Requirement]) -> Iterator[ast.Condition]:
    for requirement in requirements:
        if isinstance(requirement, ast.PeopleRequirement):
            yield requirement.condition
            yield from (s.condition for s in requirement.subsets)


def _counted(points: ast.Points) -> Iterator[ast.Condition]:
    match points:
        case ast.PersonPoints(condition=condition):
            yield condition
        case ast.BestPoints(branches=branches):
            for branch in branches:
                yield from _counted(branch)
        case ast.SumPoints(parts=parts):
            for part in parts:
                yield from _counted(part.points)


def _groups(version: ast.Competency | ast.Designation) -> tuple[ast.Group, ...]:
    return version.groups if isinstance(version, ast.Competency) else ()


def walk_condition(condition: ast.Condition) -> Iterator[ast.Condition]:
    stack = [condition]
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, ast.Ref):
            stack.extend(reversed(node.items))


def _walk_requirements(requirements: Sequence[ast.Requirement]) -> Iterator[ast.Requirement]:
    stack = list(reversed(requirements))
    while stack:
        requirement = stack.pop()
        yield requirement
        if isinstance(requirement, ast.Alternatives):
            stack.extend(r for branch in reversed(requirement.branches) for r in reversed(branch))


def _levels(version: plan.Competency) -> Iterator[plan.Level]:
    for option in version.options:
        yield from option.levels


def _first_line(span: ast.Span) -> ast.Span:
    return ast.Span(span.line, span.column, span.line, span.column + 1) if span.line else span


# ---- acceptance windows --------------------------------------------------------------------


def _credentials(subject: Subject, term: frozenset[str]) -> tuple[plan.Credential, ...]:
    return tuple(subject.catalog.credentials[c] for c in sorted(term) if c in subject.catalog.credentials)


def _overlap(subject: Subject, credentials: Sequence[plan.Credential]) -> bool:
    """Whether some day, while the version is in force, accepts every one of `credentials`."""
    first = max((d for d in (subject.starts, *(c.available for c in credentials)) if d), default=dt.date.min)
    last = min((d for d in (subject.ends, *(c.last_accepted for c in credentials)) if d), default=dt.date.max)
    return first <= last


# ---- "at least as strict": requirement-by-requirement cover --------------------------------


@dataclass
class _Demand:
    """What a list of requirements asks of a partner, in the shape the cover check compares."""

    metrics: list[ast.MetricRequirement] = field(default_factory=list)
    associations: list[ast.AssociationRequirement] = field(default_factory=list)
    attributes: list[ast.AttributeRequirement] = field(default_factory=list)
    shared: Counter[plan.Condition] = field(default_factory=Counter)  # slots of distinct persons
    independent: list[Counter[plan.Condition]] = field(default_factory=list)  # `same or different` pools
    named: dict[plan.Condition, ast.PeopleRequirement] = field(default_factory=dict)  # for messages


def _slots_by_requirement(option: plan.Option) -> dict[int, list[plan.Slot]]:
    """The compiled slots of every people requirement of an option, by `id()` of its syntax node.

    A requirement outside `either` is in every route of its level, with the same slots.
    """
    slots: dict[int, list[plan.Slot]] = {}
    for level in option.levels:
        for route in level.routes:
            mine: dict[int, list[plan.Slot]] = {id(r): [] for r in route.requirements}
            for pool in route.pools:
                for slot in pool.slots:
                    mine[id(route.requirements[slot.requirement])].append(slot)
            for key, found in mine.items():
                slots.setdefault(key, found)
    return slots


def _demand(requirements: Sequence[ast.Requirement], slots: dict[int, list[plan.Slot]]) -> _Demand | None:
    """The demand of flat requirements; None when one was not compiled (an error elsewhere)."""
    demand = _Demand()
    for requirement in requirements:
        match requirement:
            case ast.MetricRequirement():
                demand.metrics.append(requirement)
            case ast.AssociationRequirement():
                demand.associations.append(requirement)
            case ast.AttributeRequirement():
                demand.attributes.append(requirement)
            case ast.PeopleRequirement():
                if id(requirement) not in slots:
                    return None
                pool = Counter(s.condition for s in slots[id(requirement)])
                if not all(c.terms for c in pool):
                    return None  # a condition naming only unknown credentials (R200): nothing to compare
                for condition in pool:
                    demand.named.setdefault(condition, requirement)
                if requirement.independent:
                    demand.independent.append(pool)
                else:
                    demand.shared.update(pool)
            case ast.Alternatives():
                return None
    return demand


def _level_gap(high: plan.Level, low: plan.Level, slots: dict[int, list[plan.Slot]]) -> str | None:
    """None when every route of `high` covers some route of `low`; else a `low` requirement left uncovered."""
    for high_route in high.routes:
        strict = _demand(high_route.requirements, slots)
        gaps = [
            _gap(strict, _demand(r.requirements, slots), shared_to_shared=False, skip_unrelated=True)
            for r in low.routes
        ]
        if strict is not None and None not in gaps:
            return gaps[0]
    return None


def _gap(
    strict: _Demand | None, loose: _Demand | None, *, shared_to_shared: bool, skip_unrelated: bool = False
) -> str | None:
    """A requirement of `loose` that nothing in `strict` covers (as text), or None: `strict` covers `loose`.

    `shared_to_shared`: `loose`'s shared persons must be found among `strict`'s shared ones (when both
    share a pool with other requirements, as two branches of one `either` do). `skip_unrelated`: people
    of `loose` whose credentials `strict` never names count as covered (L404's different route).
    """
    if strict is None or loose is None:
        return None  # not compiled (an error is reported elsewhere): no verdict
    for metric in loose.metrics:
        if not any(_metric_covers(m, metric) for m in strict.metrics):
            return requirement_text(metric)
    for association in loose.associations:
        if not any(set(a.associations) <= set(association.associations) for a in strict.associations):
            return requirement_text(association)
    for attribute in loose.attributes:
        if attribute.attribute not in {a.attribute for a in strict.attributes}:
            return requirement_text(attribute)
    pools = [strict.shared, *strict.independent]
    for pool in [loose.shared, *loose.independent]:
        if not pool:
            continue
        targets = [strict.shared] if shared_to_shared and pool is loose.shared else pools
        leftovers = [_unplaced(pool, target) for target in targets]
        if None not in leftovers and (not skip_unrelated or leftovers[0].credentials & _mentioned(strict)):
            return requirement_text(loose.named[leftovers[0]])
    return None


def _mentioned(demand: _Demand) -> frozenset[str]:
    """The credentials a demand's people conditions name."""
    pools = [demand.shared, *demand.independent]
    return frozenset().union(*(c.credentials for pool in pools for c in pool))


def _metric_covers(strict: ast.MetricRequirement, loose: ast.MetricRequirement) -> bool:
    if strict.metric != loose.metric:
        return False
    for market in MARKETS:
        high, low = strict.threshold_for(market), loose.threshold_for(market)
        # no threshold for a market: the requirement cannot be met there, which covers anything
        if high is not None and (low is None or high.value < low.value):
            return False
    return True


def _implies(strict: plan.Condition, loose: plan.Condition) -> bool:
    """Every person who meets `strict` meets `loose` (both in DNF: each strict term contains a loose one)."""
    return all(any(t <= term for t in loose.terms) for term in strict.terms)


def _unplaced(loose: Counter[plan.Condition], strict: Counter[plan.Condition]) -> plan.Condition | None:
    """Place each loose slot on its own strict slot whose condition implies it (a maximum flow).

    Returns None when every loose slot is placed, else a condition with slots left over.
    """
    need = {c: n for c, n in loose.items() if n > 0}
    room = {c: n for c, n in strict.items() if n > 0}
    edges = {c: [s for s in room if _implies(s, c)] for c in need}
    flow: Counter[tuple[plan.Condition, plan.Condition]] = Counter()
    while True:
        path = _augmenting_path(need, room, edges, flow)
        if path is None:
            break
        amount = min(need[path[0]], room[path[-1]], *(flow[(path[i + 1], path[i])] for i in range(1, len(path) - 1, 2)))
        need[path[0]] -= amount
        room[path[-1]] -= amount
        for i in range(0, len(path) - 1, 2):
            flow[(path[i], path[i + 1])] += amount
            if i + 2 < len(path):
                flow[(path[i + 2], path[i + 1])] -= amount
    return next((c for c, n in need.items() if n > 0), None)


def _augmenting_path(need, room, edges, flow) -> list[plan.Condition] | None:
    """Breadth-first: loose, strict, loose, strict ... ending at a strict condition with room left."""
    parents: dict[tuple[str, plan.Condition], tuple[str, plan.Condition] | None] = {
        ("loose", c): None for c, n in need.items() if n > 0
    }
    queue = list(parents)
    while queue:
        side, node = queue.pop(0)
        if side == "loose":
            steps = [("strict", s) for s in edges[node]]
        else:
            steps = [("loose", c) for c in need if flow[(c, node)] > 0]
        for step in steps:
            if step in parents:
                continue
            parents[step] = (side, node)
            if step[0] == "strict" and room[step[1]] > 0:
                path = [step]
                while parents[path[-1]] is not None:
                    path.append(parents[path[-1]])
                return [n for _, n in reversed(path)]
            queue.append(step)
    return None
