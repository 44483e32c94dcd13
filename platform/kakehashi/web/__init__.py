"""Request handlers per area: parse, authorise, call a service, render."""

import kakehashi.convertors  # noqa: F401  (registers {id:record} and {code:fieldcode} first)
