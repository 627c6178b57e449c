"""The language: grammar, parser, syntax tree, renderer and formatter of competency files."""

# Here, not in ast.py: finding and reading files (lint from its cache) needs it without the syntax tree.
MAX_SOURCE_BYTES = 5_000_000  # the largest competency file read: rules are small, and every read is bounded
