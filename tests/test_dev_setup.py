"""./dev's set-up steps, with ./dev sourced (its functions only) and fake tools in a temp dir:
one line per step with its time, a failure that names the step, its log and the retry, and
re-runs that do nothing and say nothing."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

DEV = Path(__file__).resolve().parents[1] / "dev"
FAKE_PYTHON = """#!/bin/sh
echo "$*" >> "$(dirname "$0")/../calls.log"
"""


def dev(script: str, cwd: Path, **env: str) -> subprocess.CompletedProcess:
    """Run `script` in bash after sourcing ./dev, from `cwd`, with ./dev's variables overridden."""
    assignments = "".join(f"{name}={value!r}; " for name, value in env.items())
    return subprocess.run(["bash", "-c", f'source "$1"; cd "$2"; {assignments}{script}', "bash", str(DEV), str(cwd)],
                          capture_output=True, text=True, timeout=30)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project tree with a venv whose python records its calls instead of running."""
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    bin_dir = tmp_path / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / "python").write_text(FAKE_PYTHON)
    (bin_dir / "python").chmod(0o755)
    return tmp_path


def calls(project: Path) -> list[str]:
    log = project / ".venv" / "calls.log"
    return log.read_text().splitlines() if log.exists() else []


def test_a_step_says_what_it_does_and_how_long_it_took(tmp_path):
    done = dev('step "installing Python packages" pip echo hello', tmp_path, LOGS=str(tmp_path / "logs"))
    assert done.returncode == 0 and done.stdout == ""
    assert re.fullmatch(r"installing Python packages \.\.\. done \(\d+\.\ds\)\n", done.stderr)
    assert (tmp_path / "logs" / "pip.log").read_text() == "hello\n"


def test_a_failing_step_names_itself_its_log_and_the_retry(tmp_path):
    logs = tmp_path / "logs"
    failing = "bash -c 'echo Collecting flask; echo \"ERROR: No matching distribution found for flask\" >&2; exit 3'"
    done = dev(f'step "installing Python packages" pip {failing}; echo "not reached"', tmp_path,
               LOGS=str(logs), TASK="console")
    assert done.returncode == 3 and "not reached" not in done.stdout  # set -e: the task stops there
    lines = done.stderr.splitlines()
    assert re.fullmatch(r"installing Python packages \.\.\. FAILED after \d+\.\ds \(exit 3\)", lines[0])
    assert "  | ERROR: No matching distribution found for flask" in lines
    assert f"  full log: {logs / 'pip.log'}" in lines
    assert lines[-1].startswith("  retry: ./dev console   (the step alone: bash -c")
    assert "Collecting flask" in (logs / "pip.log").read_text()


def test_install_runs_once_per_pyproject_and_reruns_are_silent(project):
    no_content = "ensure_content() { :; }; "
    first = dev(no_content + "ensure_python", project, VENV=str(project / ".venv"), LOGS=str(project / "logs"))
    assert first.returncode == 0, first.stderr
    assert re.fullmatch(r"installing Python packages \(pip, about a minute the first time\) \.\.\. done \(\d+\.\ds\)\n",
                        first.stderr)
    assert calls(project) == ["-m pip install --upgrade pip", "-m pip install -e .[test]"]

    again = dev(no_content + "ensure_python", project, VENV=str(project / ".venv"), LOGS=str(project / "logs"))
    assert again.returncode == 0 and again.stderr == "" and again.stdout == ""
    assert len(calls(project)) == 2

    with (project / "pyproject.toml").open("a") as edit:
        edit.write("# a new dependency\n")
    changed = dev(no_content + "ensure_python", project, VENV=str(project / ".venv"), LOGS=str(project / "logs"))
    assert "installing Python packages" in changed.stderr and len(calls(project)) == 4
    assert len(list((project / ".venv").glob(".installed-python-*"))) == 1  # the old marker is gone


def test_a_failed_install_is_retried_next_time(project):
    (project / ".venv" / "bin" / "python").write_text("#!/bin/sh\nexit 1\n")
    failed = dev("ensure_python", project, VENV=str(project / ".venv"), LOGS=str(project / "logs"))
    assert failed.returncode == 1 and "FAILED" in failed.stderr
    assert not list((project / ".venv").glob(".installed-*"))  # no marker: the next run installs again


def test_creating_the_environment_is_a_step_too(tmp_path):
    done = dev("ensure_python", tmp_path, VENV=str(tmp_path / "venv"), LOGS=str(tmp_path / "logs"), PY="false")
    assert done.returncode == 1
    assert done.stderr.startswith("creating the Python environment (.venv) ... FAILED after")


def test_content_is_compiled_only_when_a_source_is_newer(project):
    content = project / "content"
    content.mkdir()
    (content / "routine.yaml").write_text("x: 1\n")
    (project / "skill").mkdir()
    (project / "skill" / "content.py").write_text("# the compiler\n")
    env = {"VENV": str(project / ".venv"), "LOGS": str(project / "logs")}
    first = dev("ensure_content", project, **env)
    assert first.stderr.startswith("compiling content (content/*.yaml) ... done")
    assert calls(project) == ["-m skill.content"]

    (content / ".compiled.json").write_text("{}")  # what the real compiler leaves, newer than the sources
    assert dev("ensure_content", project, **env).stderr == "" and len(calls(project)) == 1
    subprocess.run(["touch", "-d", "+1 minute", str(content / "routine.yaml")], check=True)
    assert "compiling content" in dev("ensure_content", project, **env).stderr and len(calls(project)) == 2


@pytest.mark.skipif(shutil.which("bash") is None, reason="./dev is a bash script")
def test_help_still_lists_the_tasks():
    done = subprocess.run([str(DEV), "nothing-such"], capture_output=True, text=True, timeout=30)
    assert done.returncode == 2 and "./dev console [--speak] [--script FILE]" in done.stdout
