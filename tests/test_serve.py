"""``senddash serve`` is the server process itself: stopping it (SIGTERM, as systemd or a container
runtime does) stops the app; nothing is left serving on the port."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from tests.browser import ROOT, _health, free_port

pytestmark = pytest.mark.skipif(os.name != "posix", reason="signals as on a Linux server")


def test_sigterm_to_serve_stops_the_app(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SENDDASH_", "STREAMLIT_"))}
    env.update(SENDDASH_SETTINGS=str(tmp_path / "none.toml"), STREAMLIT_SERVER_HEADLESS="true")
    db = f"sqlite:///{tmp_path / 'empty.sqlite'}"  # given explicitly: no sample database is built
    proc = subprocess.Popen([sys.executable, "-m", "dashboard", "--db", db, "serve", "--port", str(port),
                             "--address", "127.0.0.1"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while not _health(base):
            assert proc.poll() is None, proc.communicate()[0][-2000:]
            assert time.monotonic() < deadline, "the app never answered"
            time.sleep(0.2)
        proc.send_signal(signal.SIGTERM)  # to the process `senddash serve` started as, nothing else
        proc.wait(timeout=30)
        deadline = time.monotonic() + 10
        while _health(base) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _health(base), "the app still answers after its process was stopped (an orphan server)"
    finally:
        if proc.poll() is None:
            proc.kill()


def test_make_run_passes_args_to_serve(tmp_path):
    """The README's `make run ARGS="--port 8502"` reaches `senddash serve`, whose --port the test above uses."""
    import shutil

    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    out = subprocess.run(["make", "-n", "run", "ARGS=--port 8502 --address 127.0.0.1"], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    assert ".venv/bin/senddash serve --port 8502 --address 127.0.0.1" in out.splitlines()
    from dashboard.cli import _parser

    args = _parser().parse_args(["serve", "--port", "8502", "--address", "127.0.0.1"])
    assert (args.port, args.address) == (8502, "127.0.0.1")
