"""WSGI entry point: `gunicorn synthsite.wsgi`."""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "synthsite.settings")

application = get_wsgi_application()
