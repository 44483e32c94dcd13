"""Handlers of the statistics and open-data pages."""
