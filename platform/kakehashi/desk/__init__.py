"""The coordinator's desk: what needs doing today, one row per waiting thing."""
