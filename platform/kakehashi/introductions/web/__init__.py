"""Handlers of the introduction pages, the queue, rooms and calendars."""
