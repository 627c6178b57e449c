"""`python -m competency`: the same command line as the `competency` script."""

from competency.cli import main

main()
