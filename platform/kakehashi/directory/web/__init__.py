"""Handlers of the directory's pages: browsing, search and owners' editing."""
