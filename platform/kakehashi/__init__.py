"""Kakehashi web platform."""
