"""Benchmarks at real scale (issue F9): `make bench SCALE=small|full`.

Every figure is a ratio to a floor measured in the same run; see bench/README.md.
"""
