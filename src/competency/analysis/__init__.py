"""What a partner is missing and what to do: minimum-cost plans, Hall violators, key people."""
