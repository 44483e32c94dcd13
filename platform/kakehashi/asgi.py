"""The ASGI entry point for uvicorn (``kakehashi.asgi:app``), configured from the environment."""

from kakehashi.app import create_app

app = create_app()
