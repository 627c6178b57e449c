"""Lint: rules as small classes with stable codes, the linter that runs them, and its output formats."""
