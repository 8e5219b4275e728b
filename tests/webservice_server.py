"""The skill's web service as a real subprocess on 127.0.0.1, for end-to-end and load tests.

    with WebService(env={...}) as service:   # or the `webservice` fixture below
        post(service.url, envelope)

The service runs `python -m skill.webservice --dev-insecure` (signature and timestamp checks
off, for local simulators only) on a free loopback port; it is ready when GET /health answers.
Use fixtures from a test module with `from webservice_server import webservice  # noqa: F401`.
"""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
# Variables that would change which store or skill id the service uses: set them explicitly.
_CLEARED = ("MILKDUCT_TABLE", "DYNAMODB_ENDPOINT_URL", "MILKDUCT_SKILL_ID", "MILKDUCT_DATA_DIR")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class WebService:
    """One `python -m skill.webservice` process; a context manager that stops it on exit."""

    def __init__(self, env: dict[str, str], *, threads: int = 8, startup_timeout: float = 30.0,
                 log_path: Path | None = None):
        self.extra_env = dict(env)
        self.threads = threads
        self.startup_timeout = startup_timeout
        self.log_path = log_path
        self.port: int | None = None
        self.process: subprocess.Popen | None = None
        self._log = None

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}/"

    def start(self) -> "WebService":
        env = {k: v for k, v in os.environ.items() if k not in _CLEARED}
        env.update(self.extra_env)
        env.setdefault("LOG_LEVEL", "WARNING")
        env["PYTHONUNBUFFERED"] = "1"
        last_error = "never started"
        for _ in range(3):  # a free port may be taken between the probe and the bind: retry
            self.port = free_port()
            self._log = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL
            self.process = subprocess.Popen(
                [sys.executable, "-m", "skill.webservice", "--host", HOST, "--port", str(self.port),
                 "--threads", str(self.threads), "--dev-insecure"],
                cwd=REPO_ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT)
            try:
                self._wait_healthy()
                return self
            except RuntimeError as error:
                last_error = str(error)
                self.stop()
        raise RuntimeError(f"web service did not start: {last_error}; log: {self.log_text()[-2000:]}")

    def _wait_healthy(self) -> None:
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"exited with {self.process.returncode}")
            try:
                with urllib.request.urlopen(f"http://{HOST}:{self.port}/health", timeout=2) as answer:
                    body = json.loads(answer.read())
                if answer.status == 200 and body.get("status") == "ok":
                    if not body.get("dev_insecure"):
                        raise RuntimeError("service is not in dev-insecure mode")
                    return
            except (urllib.error.URLError, ConnectionError, TimeoutError, ValueError):
                pass
            time.sleep(0.1)
        raise RuntimeError(f"no healthy answer within {self.startup_timeout} s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        if self._log not in (None, subprocess.DEVNULL):
            self._log.close()
        self._log = None

    def log_text(self) -> str:
        if self.log_path and Path(self.log_path).exists():
            return Path(self.log_path).read_text(errors="replace")
        return ""

    def __enter__(self) -> "WebService":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def post(url: str, body: dict, timeout: float = 10.0) -> tuple[int, dict]:
    """POST one request envelope; (HTTP status, JSON body). Errors come back, not raised."""
    data = json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method="POST",
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        try:
            return error.code, json.loads(error.read())
        except ValueError:
            return error.code, {}


def sqlite_env(data_dir: Path) -> dict[str, str]:
    return {"MILKDUCT_DATA_DIR": str(data_dir)}


def dynamodb_env(moto) -> dict[str, str]:
    """Environment for the service to keep memory in the moto fixture's DynamoDB table."""
    from moto_server import FAKE_AWS_ENV

    return {**FAKE_AWS_ENV, "MILKDUCT_TABLE": moto.table_name, "DYNAMODB_ENDPOINT_URL": moto.endpoint_url}


@pytest.fixture(scope="module")
def webservice(tmp_path_factory):
    """The web service on a fresh SQLite data dir (one per test module)."""
    data_dir = tmp_path_factory.mktemp("webservice-data")
    with WebService(sqlite_env(data_dir), log_path=data_dir / "service.log") as service:
        yield service


@pytest.fixture(scope="module")
def webservice_dynamodb(tmp_path_factory, moto_dynamodb):
    """The web service keeping memory in moto's DynamoDB (the `moto_dynamodb` fixture)."""
    log_dir = tmp_path_factory.mktemp("webservice-dynamodb")
    with WebService(dynamodb_env(moto_dynamodb), log_path=log_dir / "service.log") as service:
        yield service
