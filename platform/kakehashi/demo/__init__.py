"""A deterministic fictional city (架橋市) to demonstrate and test Kakehashi without real data."""

from kakehashi.demo.generator import generate_city

__all__ = ["generate_city"]
