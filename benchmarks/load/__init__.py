"""Pieces of ``python -m benchmarks.load_test``: the data, the client and CPU counters."""
