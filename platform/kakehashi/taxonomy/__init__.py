"""The field taxonomy (分野) and its sub-areas, edited by the coordinator."""
