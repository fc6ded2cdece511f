"""The HTTP API and web pages: `create_app()` builds a FastAPI app, a thin shell over the one `Engine`."""

from tradeguard.api.app import create_app

__all__ = ["create_app"]
