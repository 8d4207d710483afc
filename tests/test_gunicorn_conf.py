"""The gunicorn settings every production-like start uses freeze the workers' objects."""

import gc
import os
import subprocess
import sys
from pathlib import Path

from gunicorn.config import Config

from monitor import gunicorn_conf

ROOT = Path(__file__).resolve().parent.parent


def test_the_config_module_loads_with_both_hooks():
    config = Config()
    for name in ("post_fork", "post_worker_init"):
        config.set(name, getattr(gunicorn_conf, name))
    assert config.post_fork is gunicorn_conf.post_fork
    assert config.post_worker_init is gunicorn_conf.post_worker_init


def test_the_hooks_freeze_the_start_up_objects():
    gc.unfreeze()
    assert gc.get_freeze_count() == 0
    try:
        gunicorn_conf.post_fork(server=None, worker=None)
        after_fork = gc.get_freeze_count()
        assert after_fork > 0
        gunicorn_conf.post_worker_init(worker=None)
        assert gc.get_freeze_count() >= after_fork
    finally:
        gc.unfreeze()


def test_serve_prod_and_the_two_instance_test_use_the_config():
    makefile = (ROOT / "Makefile").read_text()
    serve = makefile.split("serve-prod:", 1)[1].split("\n\n", 1)[0]
    assert "--config python:monitor.gunicorn_conf" in serve
    assert (
        "--config python:monitor.gunicorn_conf" in (ROOT / "scripts/two-instance-test").read_text()
    )


def test_gunicorn_accepts_the_config():
    """gunicorn itself reads the module: `--check-config` loads it and the application."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--config",
            "python:monitor.gunicorn_conf",
            "--check-config",
            "monitor.wsgi:application",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "DEBUG": "true"},
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
