"""Self-hosted web service entry point: `create_app()` for any WSGI server, `python -m skill.webservice` to serve."""
from .app import create_app

__all__ = ["create_app"]
