"""Tortoise models of the directory: organisations, calls, offers, history."""
