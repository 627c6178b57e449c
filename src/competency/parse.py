"""Stage 1: text -> AST. The grammar lives beside this module in `grammar.lark`.

`parse_text` runs Lark's LALR parser and then the `ToAst` transformer (one method per
grammar rule, named after it). Lark's exceptions stop here: they become a
`CompetencyError` whose message says what was expected in the words of a rule author.
"""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal
from importlib import resources

from lark import Lark, Token, Transformer, v_args
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken, VisitError

from . import ast
from .errors import CompetencyError, Diagnostic

MAX_SOURCE_BYTES = 5_000_000


@functools.cache
def parser() -> Lark:
    """The competency-language parser, built once per process (and cached on disk by Lark)."""
    grammar = resources.files(__package__).joinpath("grammar.lark").read_text(encoding="utf-8")
    return Lark(grammar, parser="lalr", propagate_positions=True, maybe_placeholders=False, cache=True)


def parse_text(text: str, path: str = "<string>") -> ast.Document:
    """Parse competency-language source into a `Document`, or raise `CompetencyError`."""
    if len(text) > MAX_SOURCE_BYTES:
        raise CompetencyError(
            Diagnostic(
                "S104", f"file is larger than {MAX_SOURCE_BYTES:,} bytes; split it up", path, ast.Span(1, 1, 1, 1)
            )
        )
    try:
        tree = parser().parse(text)
        return ast.Document(path, ToAst().transform(tree))
    except UnexpectedInput as exc:
        raise CompetencyError(_syntax_diagnostic(exc, text, path)) from None
    except VisitError as exc:
        if isinstance(exc.orig_exc, CompetencyError):
            d = exc.orig_exc.diagnostic
            raise CompetencyError(Diagnostic(d.code, d.message, path, d.span)) from None
        raise


def parse_file(path: str) -> ast.Document:
    """Read and parse one file; unreadable or non-UTF-8 files raise `CompetencyError`."""
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_SOURCE_BYTES + 1)
    except OSError as exc:
        raise CompetencyError(Diagnostic("I300", f"cannot read file: {exc.strerror or exc}", path)) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise CompetencyError(
            Diagnostic("S103", "file is not valid UTF-8 text", path, ast.Span(line, column, line, column + 1))
        ) from None
    return parse_text(text, path)


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
    "__ANON_0": "'>='",
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


def _expected(names: set[str]) -> str:
    names = set(names) - {"$END"}
    words = []
    for terminals, phrase in _PHRASES:
        if terminals <= names:
            words.append(phrase)
            names -= terminals
    words += sorted(_words(n) for n in names)
    if not words:
        return "the end of the file"
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def _acceptable(exc: UnexpectedInput, fallback) -> set[str]:
    """The terminals that could really come next (LALR's own list over-approximates)."""
    try:
        return set(exc.interactive_parser.accepts())
    except Exception:  # a best-effort refinement; Lark's list is still right
        return set(fallback or ())


def _found(token: Token) -> str:
    if token.type == "$END":
        return "the end of the file"
    return f"'{token}'"


def _syntax_diagnostic(exc: UnexpectedInput, text: str, path: str) -> Diagnostic:
    if isinstance(exc, UnexpectedToken):
        tok = exc.token
        if tok.type == "$END":
            return _at_end(_acceptable(exc, exc.expected), text, path)
        span = ast.Span(tok.line, tok.column, tok.end_line or tok.line, tok.end_column or tok.column + 1)
        return Diagnostic(
            "S100", f"expected {_expected(_acceptable(exc, exc.expected))}, found {_found(tok)}", path, span
        )
    if isinstance(exc, UnexpectedEOF):
        return _at_end(_acceptable(exc, exc.expected), text, path)
    assert isinstance(exc, UnexpectedCharacters)
    char = text[exc.pos_in_stream] if exc.pos_in_stream < len(text) else ""
    span = ast.Span(exc.line, exc.column, exc.line, exc.column + 1)
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
        fields: dict[str, object] = {}
        groups, options = [], []
        for child in rest:
            if isinstance(child, ast.Group):
                groups.append(child)
            elif isinstance(child, ast.Option):
                options.append(child)
            else:
                name, value, span = child
                if name in fields:
                    raise CompetencyError(Diagnostic("S106", f"'{name}' is given twice in {id_}", None, span))
                fields[name] = value
        return ast.Competency(
            str(id_),
            str(title),
            fields.get("source"),
            fields.get("effective"),
            fields.get("levels", ()),
            tuple(groups),
            tuple(options),
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

    # requirements
    def metric_requirement(self, meta, children) -> ast.MetricRequirement:
        metric, *thresholds = children
        return ast.MetricRequirement(str(metric), tuple(thresholds), _span(meta))

    def threshold(self, meta, children) -> ast.Threshold:
        value, *rest = children
        unit = next((str(t) for t in rest if t.type == "UNIT"), None)
        market = next((str(t) for t in rest if t.type == "NAME"), None)
        return ast.Threshold(Decimal(str(value).replace("_", "")), unit, market, _span(meta))

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
        return ast.PeopleRequirement(int(count), conditions[0], independent, subsets, _span(meta))

    def independent(self, meta, children) -> str:
        return "independent"

    def subset(self, meta, children) -> ast.Subset:
        count, _pass, condition = children
        return ast.Subset(int(count), condition, _span(meta))

    # conditions
    def any_of_infix(self, meta, children) -> ast.OneOf:
        return ast.OneOf(_flatten(ast.OneOf, children), _span(meta))

    def all_of_infix(self, meta, children) -> ast.AllOf:
        return ast.AllOf(_flatten(ast.AllOf, children), _span(meta))

    def one_of(self, meta, children) -> ast.OneOf:
        return ast.OneOf(tuple(children), _span(meta))

    def all_of(self, meta, children) -> ast.AllOf:
        return ast.AllOf(tuple(children), _span(meta))

    def ref(self, meta, children) -> ast.Ref:
        return ast.Ref(str(children[0]), _span(meta))

    def start(self, meta, children) -> tuple:
        return tuple(children)


def _flatten(kind: type, items: list) -> tuple:
    """`a or b or c` is one OneOf of three, not nested pairs."""
    out: list = []
    for item in items:
        out.extend(item.items if isinstance(item, kind) else (item,))
    return tuple(out)
