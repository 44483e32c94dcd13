"""Handlers of the proposal and 後援 pages."""
