"""Pieces of ``python -m benchmarks.load_test``: the data, the anchor app and the client."""
