"""Text from partner data and rule files made safe to print on a terminal.

A name may hold an escape sequence (which can retitle the window or forge an `error:`
line), a carriage return, a bidi override or a line separator; `escape` writes these as
`\\x1b`, `\\r`, `\\u202e`.
"""

from __future__ import annotations

import unicodedata

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
