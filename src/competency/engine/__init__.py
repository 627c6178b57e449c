"""Evaluation: levels, exact bipartite matching of persons to slots, and designation scores."""
