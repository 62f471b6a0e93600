"""WSGI entry point; production settings come from environment variables."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scrutiny.settings.base")

application = get_wsgi_application()
