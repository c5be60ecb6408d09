"""gunicorn settings, read by `gunicorn synthsite.wsgi` started in this directory (`make run`, the
server tests). The command line sets the rest."""


def post_worker_init(worker) -> None:
    """Load the offline inferrer's knowledge and the column types' pools and vocabularies in each
    worker before it takes a request.

    This hook runs in the worker after it has loaded the app and before it accepts connections, so
    the first request pays nothing, while importing the app (tests, manage.py, the master process)
    still reads no data file.
    """
    from generator.pages import warm

    worker.log.info("inference knowledge loaded in %.0f ms, with every column type's pools and vocabularies", warm() * 1000)
