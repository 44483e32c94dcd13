"""Who is who: groups, departments, their calls and offers, history, search."""
