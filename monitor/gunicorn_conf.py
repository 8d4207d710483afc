"""gunicorn's settings for every production-like start: `make serve-prod`, the bench's load
group and the two-instance test (`--config python:monitor.gunicorn_conf`).

Throughput (issue 20): each worker imports Django, the URL conf, the templates and the
translations once, and keeps those objects for its whole life. Every garbage collection of
the oldest generation walked all of them again: up to ~60 ms at a time (the bench saw the
same). Freezing them moves them to a permanent generation that the collector no longer
scans. The arbiter's objects are frozen right after the fork (`post_fork`), the
application's once the worker has loaded it (`post_worker_init`; without --preload the
application is imported after the fork, in the worker).
"""

import gc


def _freeze() -> None:
    gc.collect()
    gc.freeze()


def post_fork(server, worker) -> None:
    _freeze()


def post_worker_init(worker) -> None:
    _freeze()
