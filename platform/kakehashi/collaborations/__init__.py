"""Collaborations: agreements, check-ins, joint evaluations, publication."""
