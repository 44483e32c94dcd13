"""Accounts: users, sign-in, members of groups and the officer handover."""
