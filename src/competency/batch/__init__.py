"""Batch: every partner of a stream or a transcript export evaluated in parallel, one line each."""
