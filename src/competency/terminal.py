"""Text from partner data and rule files made safe to print on a terminal.

A name may hold an escape sequence (which can retitle the window or forge an `error:`
line), a carriage return, a bidi override or a line separator; `escape` writes these as
`\\x1b`, `\\r`, `\\u202e`. `shorten` bounds a line that echoes a value of any length, and
`omitted` counts the findings past the first `MAX_FINDINGS` that a text report lists.
"""

from __future__ import annotations

import unicodedata

LINE_LIMIT = 1_000  # characters of one printed line (a message, a report line) before it is cut
MAX_FINDINGS = 100  # findings a text report lists; JSON and SARIF, for programs, list them all
ELLIPSIS = "..."

# Controls, format characters (bidi overrides, zero-width marks), lone surrogates, line and
# paragraph separators. Zero-width (non-)joiners stay: several scripts need them to spell words.
_UNSAFE = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
_JOINERS = frozenset("\u200c\u200d")


def escape(text: str) -> str:
    """`text` with every character a terminal would act on, or not show, written as an escape."""
    if text.isprintable():
        return text
    return "".join(_escaped(c) for c in text)


def _escaped(char: str) -> str:
    if unicodedata.category(char) not in _UNSAFE or char in _JOINERS:
        return char
    return char.encode("unicode_escape").decode("ascii")


def shorten(text: str, limit: int = LINE_LIMIT) -> str:
    """`text` cut in the middle to at most `limit` characters, so both ends stay readable."""
    if len(text) <= limit:
        return text
    keep = limit - len(ELLIPSIS)
    return text[: keep - keep // 2] + ELLIPSIS + text[len(text) - keep // 2 :]


def line(text: str) -> str:
    """One line of output from `text`: bounded, then escaped."""
    return escape(shorten(text))


def omitted(total: int, hint: str | None = None) -> list[str]:
    """The line that stands for the findings past the first `MAX_FINDINGS` of `total` (none if all are listed)."""
    more = total - MAX_FINDINGS
    if more <= 0:
        return []
    return [f"... and {more} more problem{'s' if more != 1 else ''}{f' ({hint})' if hint else ''}"]
