"""Benchmarks: a synthetic corpus maker and the `make bench` runner. Not part of the package."""
