"""ASGI entry point; production settings come from environment variables."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scrutiny.settings.base")

application = get_asgi_application()
