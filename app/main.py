"""The ASGI entry point: `uvicorn app.main:app` serves the default deployment."""

from app.web.factory import create_app

app = create_app()
