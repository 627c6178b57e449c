"""Stage 1: text -> AST. The grammar lives beside this module in `grammar.lark`.

`parse_text` runs Lark's LALR parser and then the `ToAst` transformer (one method per
grammar rule, named after it). Lark's exceptions stop here: they become a
`CompetencyError` whose message says what was expected in the words of a rule author.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
import sys
from contextvars import ContextVar
from dataclasses import replace
from decimal import Decimal
from importlib import resources

import lark
from lark import Lark, Token, Transformer, Tree, v_args
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken, VisitError

from competency import cache
from competency.errors import CompetencyError, Diagnostic
from competency.files import read_at_most
from competency.language import MAX_SOURCE_BYTES, ast
from competency.language.ast import MAX_DIGITS, Comment

MAX_NESTING = 100  # parse-tree depth; the transformer and the compiler recurse, so depth is bounded
MAX_COUNT = 1_000  # persons in one requirement: every person is a slot in the matching
MAX_SYNTAX_ERRORS = 20
MAX_ERROR_EVENTS = 2_000  # recovery stops after this many errors, reported or not (bounds the time on garbage)


# Where the lexer puts the comments of the parse in progress (None: nobody asked for them).
_comment_sink: ContextVar[list[Token] | None] = ContextVar("competency_comment_sink", default=None)


def _keep_comment(token: Token) -> Token:
    sink = _comment_sink.get()
    if sink is not None:
        sink.append(token)
    return token


@functools.cache
def parser() -> Lark:
    """The competency-language parser, built once per process (and its tables cached on disk)."""
    grammar = resources.files(__package__).joinpath("grammar.lark").read_text(encoding="utf-8")
    return Lark(
        grammar,
        parser="lalr",
        propagate_positions=True,
        maybe_placeholders=False,
        cache=_cache_file(grammar),
        lexer_callbacks={"COMMENT": _keep_comment},
    )


def _cache_file(grammar: str) -> str | bool:
    """Where Lark may keep its parse tables (in our private cache directory), or False for no cache.

    Lark's own default is a predictable name in the shared temporary directory, which another
    user could plant first, and Lark unpickles it. The name carries a hash of what the tables
    depend on, so versions never mix.
    """
    directory = cache.directory()
    if directory is None:
        return False
    key = hashlib.sha256(f"{grammar}{lark.__version__}{sys.version_info[:2]}".encode()).hexdigest()[:16]
    path = os.path.join(directory, f"grammar-{key}.lark-cache")
    if os.path.islink(path) or (os.path.lexists(path) and not os.path.isfile(path)):
        return False  # Lark would block reading a FIFO planted there, or follow a link out of the directory
    return path


def parse_text(text: str, path: str = "<string>") -> ast.Document:
    """Parse competency-language source into a `Document`, or raise `CompetencyError`.

    A file with syntax errors raises one diagnostic per error the parser could recover from.
    """
    return parse_with_comments(text, path)[0]


def parse_with_comments(text: str, path: str = "<string>") -> tuple[ast.Document, tuple[Comment, ...]]:
    """`parse_text`, plus the file's comments in source order."""
    if len(text) > MAX_SOURCE_BYTES:
        raise _too_large(path)
    sink: list[Token] = []
    reset = _comment_sink.set(sink)
    try:
        tree = _parse_tree(text, path)
    finally:
        _comment_sink.reset(reset)
    _check_nesting(tree, path)
    comments = {(t.line, t.column): _comment(t, text) for t in sink}
    try:
        return ast.Document(path, ToAst().transform(tree)), tuple(comments[k] for k in sorted(comments))
    except VisitError as exc:
        if isinstance(exc.orig_exc, CompetencyError):
            d = exc.orig_exc.diagnostic
            raise CompetencyError(Diagnostic(d.code, d.message, path, d.span)) from None
        raise


def _comment(token: Token, text: str) -> Comment:
    before = text[token.start_pos - token.column + 1 : token.start_pos]
    return Comment(token.line, token.column, str(token).rstrip(), len(before) - len(before.rstrip(" \t")))


def parse_file(path: str) -> ast.Document:
    """Read and parse one file; unreadable or non-UTF-8 files raise `CompetencyError`."""
    return parse_text(read_source(path), path)


def read_source(path: str) -> str:
    """A competency file's text; unreadable, too large or non-UTF-8 files raise `CompetencyError`."""
    return decode_source(read_at_most(path, MAX_SOURCE_BYTES + 1), path)


def decode_source(data: bytes, path: str) -> str:
    """A competency file's bytes as text; too large or non-UTF-8 content raises `CompetencyError`."""
    if len(data) > MAX_SOURCE_BYTES:  # before decoding: the read stopped mid-file, maybe mid-character
        raise _too_large(path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise CompetencyError(
            Diagnostic("S103", "file is not valid UTF-8 text", path, ast.Span(line, column, line, column + 1))
        ) from None
    return text


def _too_large(path: str) -> CompetencyError:
    message = f"file is larger than {MAX_SOURCE_BYTES:,} bytes; split it up"
    return CompetencyError(Diagnostic("S104", message, path, ast.Span(1, 1, 1, 1)))


def _parse_tree(text: str, path: str) -> Tree:
    """Lark's parse tree, or every syntax error found, skipping input after each until the parser can go on.

    Errors met before the parser accepts another token are one mistake seen again, so only the
    first of them is reported.
    """
    found: list[Diagnostic] = []
    seen: list[UnexpectedInput] = []
    stuck_at: list[tuple[int, int, int]] = []

    def on_error(exc: UnexpectedInput) -> bool:
        seen.append(exc)
        where = _parser_position(exc)
        if not stuck_at or where != stuck_at[-1]:
            diagnostic = _syntax_diagnostic(exc, text, path)
            if not found or found[-1].span.line != diagnostic.span.line:  # a line's later errors follow the first
                found.append(diagnostic)
        stuck_at.append(where)
        if isinstance(exc, UnexpectedToken) and exc.token.type == "$END":
            return False
        if isinstance(exc, UnexpectedToken) and where[0] < _MAX_REPAIR_DEPTH:
            _insert_missing(exc)
        return len(found) < MAX_SYNTAX_ERRORS and len(seen) < MAX_ERROR_EVENTS

    try:
        tree = parser().parse(text, on_error=on_error)
    except UnexpectedInput as exc:
        if not any(exc is s for s in seen):
            found.append(_syntax_diagnostic(exc, text, path))
    if found:
        raise CompetencyError(*found)
    return tree


_MAX_REPAIR_DEPTH = 1_000  # trying repairs copies the parser stack: not on absurdly deep input
# Tokens a repair may invent, closers first. Never a keyword: that would read the next word as an id.
_REPAIRS = (
    *("RPAR", "RBRACE", "COMMA", "_AT_LEAST"),
    *("COUNT", "NAME", "STRING", "NUMBER", "DATE", "UNIT", "LBRACE", "LPAR"),
)


def _insert_missing(exc: UnexpectedToken) -> None:
    """Go on as if the one token that lets the unexpected one fit had been written (a ')' say).

    Without a repair the unexpected token is skipped, which loses the rest of a file when the
    parser waits for a token that never comes.
    """
    live, token = exc.interactive_parser, exc.token
    acceptable = live.accepts()
    for name in (t for t in _REPAIRS if t in acceptable):
        trial = live.copy()
        missing = Token.new_borrow_pos(name, "", token)
        try:
            trial.feed_token(missing)
            trial.feed_token(token)
        except UnexpectedInput:
            continue
        live.feed_token(missing)
        live.feed_token(token)
        return


def _parser_position(exc: UnexpectedInput) -> tuple[int, int, int]:
    """The parser's stack depth, top state and top value: unchanged while input is being skipped.

    The value is compared by identity: every accepted token pushes a new one (kept alive in the tree).
    """
    state = exc.interactive_parser.parser_state
    return len(state.state_stack), state.state_stack[-1], id(state.value_stack[-1]) if state.value_stack else 0


def _check_nesting(tree: Tree, path: str) -> None:
    stack = [(tree, 1, ast.Span(1, 1, 1, 1))]
    while stack:
        node, depth, span = stack.pop()
        if not getattr(node.meta, "empty", True):
            span = _span(node.meta)
        if depth > MAX_NESTING:
            message = f"nested more than {MAX_NESTING} levels deep; simplify it (a group can name a part)"
            raise CompetencyError(Diagnostic("S108", message, path, span))
        stack.extend((child, depth + 1, span) for child in node.children if isinstance(child, Tree))


# ---- Lark errors in an author's words -------------------------------------------------

# What each terminal is, said the way the language documentation says it.
_EXPECTED_WORDS = {
    "NAME": "an id (like cloud-crm or MB2-714)",
    "STRING": 'a quoted text (like "Cloud CRM")',
    "COUNT": "a number of persons",
    "NUMBER": "a number",
    "DATE": "a date (YYYY-MM-DD)",
    "UNIT": "a unit (like USD or seats)",
    "PERSONS": "'persons' or 'individuals'",
    "PASS": "'pass'",
    "EACH": "'each'",
    "CREDENTIAL_KIND": "'exam', 'assessment' or 'certification'",
    "LBRACE": "'{'",
    "RBRACE": "'}'",
    "LPAR": "'('",
    "RPAR": "')'",
    "COMMA": "','",
    "MORETHAN": "'>'",
    "LESSTHAN": "'<'",
    "EQUAL": "'='",
    "_AT_LEAST": "'>='",
}


def _words(terminal: str) -> str:
    if terminal in _EXPECTED_WORDS:
        return _EXPECTED_WORDS[terminal]
    pattern = _terminal_pattern(terminal)
    return f"'{pattern}'" if pattern else terminal.lower()


def _terminal_pattern(terminal: str) -> str | None:
    for term in parser().terminals:
        if term.name == terminal and term.pattern.type == "str":
            return term.pattern.value
    return None


# Sets of terminals that, together, mean one thing an author knows by name.
_PHRASES = (
    (
        frozenset({"NAME", "STRING", "ONE_OF", "ALL_OF", "LPAR"}),
        "a credential condition (an id, a quoted name, one_of(...), all_of(...) or '(')",
    ),
    (
        frozenset({"METRIC", "ASSOCIATION", "ATTRIBUTE", "EITHER", "SAME", "COUNT"}),
        "a requirement (metric, association, attribute, either, or a number of persons)",
    ),
    (
        frozenset({"CREDENTIAL_KIND", "METRIC", "ASSOCIATION", "ATTRIBUTE"}),
        "a catalog entry (exam, assessment, certification, metric, association or attribute)",
    ),
)


# The rules an author most often breaks, each with erroneous examples. An error in the parser
# state (and before the token type) where an example fails breaks the same rule: said so
# instead of listing tokens (Lark's `UnexpectedInput.match_examples` idea, tabled once).
_C = 'competency c "C" { '
_LEVEL = _C + 'option o "O" { level silver { '
_BROKEN_RULES = (
    (
        "groups come before options: move the group above the first option",
        [_C + 'option o "O" { } group g "G" = A }'],
    ),
    (
        "source, effective and levels come first in a competency, before its groups and options",
        [
            _C + f"{block} {field} }}"
            for block in ('option o "O" { }', 'group g "G" = A')
            for field in ('source "s"', "effective 2020-01-01", "levels a < b")
        ],
    ),
    ("a level needs a name: level silver { ... }", [_C + 'option o "O" { level { } } }']),
    ('levels belong in an option: option ID "Title" { level silver { ... } }', [_C + "level silver { } }"]),
    (
        "requirements belong in a level: level silver { ... }",
        [
            _C + f'option o "O" {{ {requirement} }} }}'
            for requirement in ("1 person passes A", "metric m >= 1", "association a", "attribute a", "either { }")
        ],
    ),
    (
        "expected a credential id after one_of(",
        [_C + 'group g "G" = one_of() }', _C + 'group g "G" = one_of(, A) }'],
    ),
    (
        "expected a credential id after all_of(",
        [_C + 'group g "G" = all_of() }', _C + 'group g "G" = all_of(, A) }'],
    ),
    (
        "two credentials in a row: join them with `and` or `or`, or list them in one_of(...)",
        [_LEVEL + "1 person passes A B } } }", _LEVEL + '1 person passes A "B" } } }', _C + 'group g "G" = A B }'],
    ),
    (
        "a people requirement reads `N persons pass CONDITION`: write `pass` before the credentials",
        [_LEVEL + "1 person A } } }", _LEVEL + '1 person "A" } } }'],
    ),
    (
        "a people requirement reads `N persons pass CONDITION`: write `persons` after the number",
        [_LEVEL + "1 passes A } } }", _LEVEL + "1 pass A } } }"],
    ),
    ("`either` needs two branches or more: either { ... } or { ... }", [_LEVEL + "either { } } } }"]),
    ("a metric requirement reads `metric ID >= VALUE`: write `>=` after the metric", [_LEVEL + "metric m 1 } } }"]),
    (
        'a competency, option or group needs a quoted title after its id: option gold "Gold" { ... }',
        ["competency c { }", _C + "option o { } }", _C + "group g = A }"],
    ),
    ('a group reads group ID "Title" = CONDITION: write `=` before the condition', [_C + 'group g "G" A }']),
)


@functools.cache
def _broken_rules() -> dict[tuple, str]:
    """What each example's error looks like to the parser (`_signatures`), and the rule it breaks."""
    table: dict[tuple, str] = {}
    for message, examples in _BROKEN_RULES:
        for example in examples:
            try:
                parser().parse(example)
            except UnexpectedToken as exc:
                for signature in _signatures(exc, _acceptable(exc, exc.expected)):
                    table.setdefault(signature, message)
    return table


def _broken_rule(exc: UnexpectedToken, accepts: set[str]) -> str | None:
    table = _broken_rules()
    return next((table[s] for s in _signatures(exc, accepts) if s in table), None)


def _signatures(exc: UnexpectedToken, accepts: set[str]) -> tuple[tuple, ...]:
    """The parser's state, what it could accept there and the token it met; then the same without the state.

    The state tells `one_of(` from `all_of(`; without it, the same mistake after a `source` line
    or after a group (another state, the same choices) is recognized too.
    """
    choices = frozenset(accepts)
    return (exc.state.position, choices, exc.token.type), (choices, exc.token.type)


_CONTINUED = frozenset({"AND", "OR"})  # acceptable after any complete condition: a hint, not a choice


def _expected(names: set[str]) -> str:
    names = set(names) - {"$END"}
    continued = names >= _CONTINUED and len(names) > len(_CONTINUED)
    names -= _CONTINUED if continued else set()
    words = []
    for terminals, phrase in _PHRASES:
        if terminals <= names:
            words.append(phrase)
            names -= terminals
    words += sorted(_words(n) for n in names)
    if not words:
        return "the end of the file"
    listed = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]
    return f"{listed} (a condition goes on with `and` or `or`)" if continued else listed


def _acceptable(exc: UnexpectedInput, fallback) -> set[str]:
    """The terminals that could really come next (LALR's own list over-approximates)."""
    try:
        return set(exc.interactive_parser.accepts())
    except Exception:  # a best-effort refinement; Lark's list is still right
        return set(fallback or ())


def _found(token: Token) -> str:
    if token.type == "$END":
        return "the end of the file"
    text = str(token)
    return f"'{text[:40]}...'" if len(text) > 43 else f"'{text}'"  # a 5 MB token would make a 5 MB message


def _syntax_diagnostic(exc: UnexpectedInput, text: str, path: str) -> Diagnostic:
    if isinstance(exc, UnexpectedToken):
        tok = exc.token
        if tok.type == "$END":
            return _at_end(_acceptable(exc, exc.expected), text, path)
        span = ast.Span(tok.line, tok.column, tok.end_line or tok.line, tok.end_column or tok.column + 1)
        accepts = _acceptable(exc, exc.expected)
        message = _broken_rule(exc, accepts) or f"expected {_expected(accepts)}, found {_found(tok)}"
        return Diagnostic("S100", message, path, span)
    if isinstance(exc, UnexpectedEOF):
        return _at_end(_acceptable(exc, exc.expected), text, path)
    assert isinstance(exc, UnexpectedCharacters)
    char = text[exc.pos_in_stream] if exc.pos_in_stream < len(text) else ""
    span = ast.Span(exc.line, exc.column, exc.line, exc.column + 1)
    if char == '"':  # a well-formed string would have lexed (then misplaced, it is S100): this one never closes
        message = "unterminated string: a quoted text must end with '\"' on the same line"
        return Diagnostic("S107", message, path, span)
    allowed = _acceptable(exc, exc.allowed)
    hint = f"; expected {_expected(allowed)}" if allowed else ""
    return Diagnostic("S101", f"unexpected character {char!r}{hint}", path, span)


def _at_end(expected: set[str] | list[str], text: str, path: str) -> Diagnostic:
    line = text.count("\n") + 1
    column = len(text) - (text.rfind("\n") + 1) + 1
    msg = f"unexpected end of file; expected {_expected(set(expected))}"
    return Diagnostic("S102", msg, path, ast.Span(line, column, line, column))


# ---- parse tree -> AST ------------------------------------------------------------------


def _span(meta) -> ast.Span:
    return ast.Span(meta.line, meta.column, meta.end_line, meta.end_column)


def _token_span(tok: Token) -> ast.Span:
    return ast.Span(tok.line, tok.column, tok.end_line, tok.end_column)


def _count(tok: Token) -> int:
    digits = str(tok).lstrip("0") or "0"
    if len(digits) > len(str(MAX_COUNT)) or int(digits) > MAX_COUNT:
        message = f"{tok} persons is more than a requirement may ask for ({MAX_COUNT:,} at most)"
        raise CompetencyError(Diagnostic("S109", message, None, _token_span(tok)))
    return int(digits)


def _number(tok: Token) -> Decimal:
    text = str(tok).replace("_", "")
    if len(text.split(".")[0].lstrip("0")) > MAX_DIGITS:
        message = f"number has more than {MAX_DIGITS} digits before the decimal point"
        raise CompetencyError(Diagnostic("S109", message, None, _token_span(tok)))
    return Decimal(text)


def _date(tok: Token) -> dt.date:
    try:
        return dt.date.fromisoformat(str(tok))
    except ValueError:
        raise CompetencyError(Diagnostic("S105", f"'{tok}' is not a calendar date", None, _token_span(tok))) from None


@v_args(meta=True)
class ToAst(Transformer):
    """Builds `ast` nodes from the parse tree; one method per grammar rule."""

    # terminals
    @v_args(inline=False, meta=False)
    def STRING(self, tok: Token) -> Token:  # noqa: N802 - Lark names terminal callbacks after the terminal
        return tok.update(value=tok[1:-1].replace('\\"', '"').replace("\\\\", "\\"))

    # catalog
    def catalog(self, meta, children) -> ast.Catalog:
        id_, title, *entries = children
        return ast.Catalog(str(id_), str(title), tuple(entries), _span(meta))

    def credential(self, meta, children) -> ast.CredentialDecl:
        kind, id_, title, *dates = children
        fields = {}
        for name, value in dates:
            if name in fields:
                raise CompetencyError(Diagnostic("S106", f"'{name}' is given twice for {id_}", None, _span(meta)))
            fields[name] = value
        return ast.CredentialDecl(str(kind), str(id_), str(title), span=_span(meta), **fields)

    def credential_date(self, meta, children) -> tuple[str, dt.date]:
        words = [str(c) for c in children[:-1]]
        name = {"available": "available", "retired": "retired", "accepted": "accepted_until"}[words[0]]
        return name, _date(children[-1])

    def metric_decl(self, meta, children) -> ast.MetricDecl:
        id_, title, unit = children
        return ast.MetricDecl(str(id_), str(title), str(unit), _span(meta))

    def association_decl(self, meta, children) -> ast.AssociationDecl:
        return ast.AssociationDecl(str(children[0]), str(children[1]), _span(meta))

    def attribute_decl(self, meta, children) -> ast.AttributeDecl:
        return ast.AttributeDecl(str(children[0]), str(children[1]), _span(meta))

    # competency
    def competency(self, meta, children) -> ast.Competency:
        id_, title, *rest = children
        fields, (groups, options) = _version_body(str(id_), rest, ast.Group, ast.Option)
        return ast.Competency(
            str(id_),
            str(title),
            fields.get("source"),
            fields.get("effective"),
            fields.get("levels", ()),
            groups,
            options,
            _span(meta),
        )

    def source(self, meta, children):
        return "source", str(children[0]), _span(meta)

    def effective(self, meta, children):
        return "effective", _date(children[0]), _span(meta)

    def levels(self, meta, children):
        return "levels", tuple(str(c) for c in children), _span(meta)

    def group(self, meta, children) -> ast.Group:
        id_, title, condition = children
        return ast.Group(str(id_), str(title), condition, _span(meta))

    def option(self, meta, children) -> ast.Option:
        id_, title, *levels = children
        return ast.Option(str(id_), str(title), tuple(levels), _span(meta))

    def level(self, meta, children) -> ast.Level:
        name, *requirements = children
        return ast.Level(str(name), tuple(requirements), _span(meta))

    # designation
    def designation(self, meta, children) -> ast.Designation:
        id_, title, *rest = children
        fields, (tracks, categories) = _version_body(str(id_), rest, ast.Track, ast.Category)
        return ast.Designation(
            str(id_),
            str(title),
            fields.get("source"),
            fields.get("effective"),
            fields.get("pass"),
            tracks,
            categories,
            _span(meta),
        )

    def pass_mark(self, meta, children):
        return "pass", _number(children[1]), _span(meta)

    def track(self, meta, children) -> ast.Track:
        id_, title, *when = children
        return ast.Track(str(id_), str(title), when[0] if when else None, _span(meta))

    def category(self, meta, children) -> ast.Category:
        id_, title, *metrics = children
        return ast.Category(str(id_), str(title), tuple(metrics), _span(meta))

    def scored_metric(self, meta, children) -> ast.ScoredMetric:
        id_, title, most, *body = children
        steps = tuple(c[1] for c in body if isinstance(c, tuple) and c[0] == "step")
        gates = tuple(c[1] for c in body if isinstance(c, tuple) and c[0] == "gate")
        return ast.ScoredMetric(str(id_), str(title), _number(most), steps, gates, body[-1], _span(meta))

    def step(self, meta, children):
        return "step", children[0]

    def gate(self, meta, children):
        return "gate", children[0]

    def metric_points(self, meta, children) -> ast.MetricPoints:
        metric, *thresholds = children
        return ast.MetricPoints(str(metric), tuple(thresholds), _span(meta))

    def person_points(self, meta, children) -> ast.PersonPoints:
        _persons, condition, *thresholds = children
        return ast.PersonPoints(condition, tuple(thresholds), _span(meta))

    def best_points(self, meta, children) -> ast.BestPoints:
        return ast.BestPoints(tuple(children), _span(meta))

    def sum_points(self, meta, children) -> ast.SumPoints:
        return ast.SumPoints(tuple(children), _span(meta))

    def part(self, meta, children) -> ast.Part:
        most, points = children
        return ast.Part(_number(most), points, _span(meta))

    # requirements
    def metric_requirement(self, meta, children) -> ast.MetricRequirement:
        metric, *thresholds = children
        return ast.MetricRequirement(str(metric), tuple(thresholds), _span(meta))

    def threshold(self, meta, children) -> ast.Threshold:
        value, *rest = children
        unit = next((str(t) for t in rest if t.type == "UNIT"), None)
        market = next((str(t) for t in rest if t.type == "NAME"), None)
        return ast.Threshold(_number(value), unit, market, _span(meta))

    def association_requirement(self, meta, children) -> ast.AssociationRequirement:
        return ast.AssociationRequirement(tuple(str(c) for c in children), _span(meta))

    def attribute_requirement(self, meta, children) -> ast.AttributeRequirement:
        return ast.AttributeRequirement(str(children[0]), _span(meta))

    def alternatives(self, meta, children) -> ast.Alternatives:
        return ast.Alternatives(tuple(children), _span(meta))

    def block(self, meta, children) -> tuple:
        return tuple(children)

    def people_requirement(self, meta, children) -> ast.PeopleRequirement:
        independent = bool(children) and children[0] == "independent"
        rest = [c for c in children[1:]] if independent else list(children)
        count = next(c for c in rest if isinstance(c, Token) and c.type == "COUNT")
        conditions = [c for c in rest if not isinstance(c, (Token, ast.Subset))]
        subsets = tuple(c for c in rest if isinstance(c, ast.Subset))
        return ast.PeopleRequirement(_count(count), conditions[0], independent, subsets, _span(meta))

    def independent(self, meta, children) -> str:
        return "independent"

    def subset(self, meta, children) -> ast.Subset:
        count, _pass, condition = children
        return ast.Subset(_count(count), condition, _span(meta))

    # conditions
    def any_of_infix(self, meta, children) -> ast.OneOf:
        return ast.OneOf(_flatten(ast.OneOf, children), _span(meta))

    def all_of_infix(self, meta, children) -> ast.AllOf:
        return ast.AllOf(_flatten(ast.AllOf, children), _span(meta))

    def one_of(self, meta, children) -> ast.OneOf:
        return ast.OneOf(tuple(children), _span(meta))

    def all_of(self, meta, children) -> ast.AllOf:
        return ast.AllOf(tuple(children), _span(meta))

    def parenthesized(self, meta, children) -> ast.Condition:
        """The condition in parentheses, its span taking them in: lint tells `(a and b) or c` from `a and b or c`."""
        return replace(children[0], span=_span(meta))

    def ref(self, meta, children) -> ast.Ref:
        return ast.Ref(str(children[0]), _span(meta))

    def start(self, meta, children) -> tuple:
        return tuple(children)


def _version_body(id_: str, children: list, *kinds: type) -> tuple[dict[str, object], list[tuple]]:
    """A competency's or designation's header fields (each given once) and its blocks of each kind, in order."""
    fields: dict[str, object] = {}
    blocks: dict[type, list] = {kind: [] for kind in kinds}
    for child in children:
        if isinstance(child, kinds):
            blocks[type(child)].append(child)
            continue
        name, value, span = child
        if name in fields:
            raise CompetencyError(Diagnostic("S106", f"'{name}' is given twice in {id_}", None, span))
        fields[name] = value
    return fields, [tuple(blocks[kind]) for kind in kinds]


def _flatten(kind: type, items: list) -> tuple:
    """`a or b or c` is one OneOf of three, not nested pairs."""
    out: list = []
    for item in items:
        out.extend(item.items if isinstance(item, kind) else (item,))
    return tuple(out)
