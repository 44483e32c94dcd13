"""Request handlers per area: parse, authorise, call a service, render."""
