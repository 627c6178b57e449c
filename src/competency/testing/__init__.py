"""`competency test`: test cases for competency files, run against the engine, with coverage.

A test file (`*.test.yaml`, beside the rules) lists cases: a partner, a date, and the results
expected per competency. `cases` reads and checks them (a JSON Schema shipped in the package,
errors at the YAML node's line:column), `run` evaluates each case and compares only what it
states, `coverage` tallies from the evaluations which options, levels, requirements, `either`
branches and condition alternatives were exercised as met and as unmet, and `report` writes
the results as text, JSON or JUnit XML.
"""
