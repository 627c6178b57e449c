"""The language: grammar, parser, syntax tree, renderer and formatter of competency files."""
