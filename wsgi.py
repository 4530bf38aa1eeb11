"""WSGI entry point: `gunicorn wsgi:app` (production sets MULTAQA_CONFIG=production)."""

from app import create_app

app = create_app()
