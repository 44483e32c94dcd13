"""Domain rules: each public coroutine is one use case, run in one transaction."""
