"""Introductions: the queue, meeting times, rooms, outcomes, calendar files."""
