"""The rule catalogue: every diagnostic code, with a severity, a one-line summary and,
as the class docstring, the explanation `competency rule CODE` prints.

Codes `S1xx` (syntax) and `R2xx` (names and semantics) are raised by the parser and the
compiler; `I3xx` concern input files. They are listed here so they can be explained and
selected (an `S1xx` or `R2xx` error stops its file from loading and cannot be deselected).
The `L4xx` rules are lint's own: each is checked on one compiled competency version by the
class of the same name in `checks.py`. The catalogue imports no stage, so that what needs
only codes and summaries (a lint answered from the cache, `competency rule`) starts fast.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from competency.errors import Diagnostic, Edit, Severity, Span

if TYPE_CHECKING:
    from competency.linting.checks import Subject

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
    unknown credentials are reported one by one; one more finding counts the rest. When one
    known id is likelier than any other, the message names it and `lint --fix` writes it."""

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

    @classmethod
    def blocks_loading(cls) -> bool:
        return True  # a file that cannot be read is not checked at all: ignoring that would pass it unread


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


# ---- lint rules: checked on the compiled plan and the syntax tree (checks.py) ---------------


class LintRule(Rule):
    """A rule lint checks on compiled competency versions (`checks.py`)."""

    severity = Severity.WARNING

    def check(self, subject: Subject) -> Iterator[Diagnostic]:
        raise NotImplementedError

    def finding(self, subject: Subject, message: str, span: Span | None, fix: tuple[Edit, ...] = ()) -> Diagnostic:
        return Diagnostic(self.code, message, subject.version.path, span, self.severity, fix=fix)


class L401(LintRule):
    """The same credential (or the same sub-condition) appears twice in one `one_of` or
    `all_of` (or in one chain of `or`s or `and`s). It changes nothing, so it is usually a
    copy-paste slip where another credential was meant:

        1 person passes one_of(MB2-714, MB2-713, MB2-714)   # MB2-717 was meant

    Each repeated item is reported once, at its second occurrence, with how often it is listed;
    `lint --fix` keeps its first occurrence and removes the others.
    """

    code, summary = "L401", "duplicate item in one one_of/all_of"


class L402(LintRule):
    """A condition names a credential that the catalog never accepts while this version of
    the competency is in force: the credential's acceptance window (`available` to
    `accepted until`, else `retired`) ends before the version's `effective` date, or
    starts after the next version takes over. Nobody can count through it; it is usually
    a list copied from an older version of the page. Remove it, or fix the catalog dates.
    """

    code, summary = "L402", "credential never accepted while this version is in force"


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


class L405(LintRule):
    """An `either` branch is subsumed by another: every partner that meets it also meets
    the other branch, so it never changes the outcome. Usually one of the two was copied
    and not edited, or the thresholds of the wrong branch were raised:

        either { 2 persons each pass MB2-714 } or { 1 person passes MB2-714 }

    (the first branch is never needed). Branches that nest another `either` are not
    compared.
    """

    code, summary = "L405", "either-branch subsumed by another"


class L406(LintRule):
    """A competency version without a `source`: reviewers cannot check its rules against
    the page they encode. Add the page, its language and its date:

        source "Microsoft Partner Network: Cloud CRM competency (page of 2017-12-15)"
    """

    code, summary = "L406", "missing source citation"


class L407(LintRule):
    """A metric threshold is higher in the developing market than in the developed one.
    Partner programs ask less of developing markets (Cloud CRM Silver: 100,000 USD
    developed, 50,000 USD developing), so the two values are most likely swapped. A
    threshold without a market applies to both markets.
    """

    code, summary = "L407", "developing-market threshold above the developed one"


class L408(LintRule):
    """A designation's metric maxima do not add up to 100 points. The programs score out
    of 100 and category maxima are the sums of their metrics' maxima, so a total of 90 or
    110 usually means a metric was left out, or a maximum mistyped."""

    code, summary = "L408", "designation maxima do not sum to 100"


class L409(LintRule):
    """A designation's pass mark is above the most points a partner can score: no partner
    can ever qualify. The most a metric can score is its maximum, less what its sources
    cannot reach: a `sum` is capped at the metric's maximum, and a source without a
    threshold for the partner's track (or market) scores nothing there."""

    code, summary = "L409", "pass mark above the reachable maximum"
    severity = Severity.ERROR


class L410(LintRule):
    """A points source of a designation with tracks has no threshold for some track, and
    is not an alternative of a `best`: partners in that track always score 0 for it (and
    a metric at 0 fails the designation). Add the track's threshold, or an unlabelled one
    for every track; a source meant for one track only belongs in `best { } or { }` with
    the other tracks' sources."""

    code, summary = "L410", "points source without a threshold for a track"


class L411(Rule):
    """A `# competency: ignore[CODE]` comment silences nothing: no finding of CODE is on its
    line or the next, CODE is not a rule code or prefix, or CODE names an error that stops
    the file from loading (those are always reported). Remove the comment, or fix the code;
    a stale suppression would hide the next real finding there (`lint --fix` takes the code
    out, and the comment when it names nothing else). Codes the settings turn off are not
    checked. Reported by the linter itself, at the comment.

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


class L413(LintRule):
    """A level, or a branch of an `either`, has no requirement: every partner meets it
    (the `either`, with an empty branch, always holds). Usually its requirements were
    left out or moved; a level that truly asks nothing is better left out of the option.

        level silver { }
    """

    code, summary = "L413", "level or either-branch with no requirement"


def _code(rule: type[Rule]) -> str:
    return rule.code


def _is_rule(value: object) -> bool:
    return isinstance(value, type) and issubclass(value, Rule) and value not in (Rule, LintRule)


RULES: dict[str, type[Rule]] = {c.code: c for c in sorted(filter(_is_rule, list(globals().values())), key=_code)}
