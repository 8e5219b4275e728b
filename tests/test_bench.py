"""The benchmark keeps running: its imports resolve, and its probes reach the local Alexa API
over TLS (it once imported a test helper that had moved, and nothing noticed)."""
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RUN = ROOT / "bench" / "run.py"


def test_the_bench_starts_and_explains_itself():
    done = subprocess.run([sys.executable, str(RUN), "--help"], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert "--quick" in done.stdout and "--only" in done.stdout


@pytest.mark.slow
def test_a_bench_probe_gets_the_time_zone_from_the_local_alexa_api():
    spec = importlib.util.spec_from_file_location("bench_run", RUN)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    with bench.alexa_api() as api:
        # The baseline that makes the skill's one Alexa API call; the probe exits (SystemExit,
        # with its traceback) if the call fails, e.g. because the certificate is not trusted.
        result, _ = bench.probe("cold", "hello_api_skill", stdin=bench.launch(api.url))
    assert result["cold_ms"] > 0
    assert [(r.method, r.path.rsplit("/", 1)[1]) for r in api.requests] == [("GET", "System.timeZone")]
