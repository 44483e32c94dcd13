"""Kakehashi web platform.

The URL convertors are registered here, before any module compiles a route that uses them.
"""

import kakehashi.http.convertors  # noqa: F401
