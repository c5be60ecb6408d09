from django.conf import settings

from synthsite import __version__


def site(request) -> dict:
    return {"version": __version__, "max_rows": settings.SYNTH_MAX_ROWS}
