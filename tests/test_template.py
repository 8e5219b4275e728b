"""The SAM template: lint, the properties that matter, and a real `sam build` of the artifact.

aws-sam-cli pins versions that clash with the project's, so it lives in its own venv,
/work/main/.venv-sam (created on first use, then reused).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cfnlint.decode import decode

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "template.yaml"
SAM_VENV = ROOT / ".venv-sam"
SAM = SAM_VENV / "bin" / "sam"
# Not in the artifact: the Lambda runtime has boto3; the rest is build- or dev-time only.
LEFT_OUT = ("boto3", "botocore", "s3transfer", "ask_sdk_dynamodb", "yaml", "_yaml", "jsonschema", "tests",
            "skill/console", "skill/webservice", "flask", "cryptography")
MAX_ARTIFACT_BYTES = 15 * 1024 * 1024  # boto3 + botocore alone would be ~25 MB


@pytest.fixture(scope="module")
def template() -> dict:
    loaded, errors = decode(str(TEMPLATE))
    assert not errors, errors
    return loaded


def resource(template: dict, kind: str) -> tuple[str, dict]:
    (found,) = [(name, body) for name, body in template["Resources"].items() if body["Type"] == kind]
    return found


def test_cfn_lint_passes():
    cfn_lint = Path(sys.executable).parent / "cfn-lint"
    result = subprocess.run([str(cfn_lint), str(TEMPLATE)], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_function_runtime_and_entry_point(template):
    _, function = resource(template, "AWS::Serverless::Function")
    props = function["Properties"]
    assert props["Runtime"] in ("python3.12", "python3.13")
    assert props["Architectures"] == ["arm64"]
    assert props["Handler"] == "skill.lambda_function.lambda_handler"
    assert props["Timeout"] <= 7
    assert props["MemorySize"] >= 512
    assert function["Metadata"]["BuildMethod"] == "makefile"


def test_only_our_alexa_skill_may_invoke(template):
    _, function = resource(template, "AWS::Serverless::Function")
    (event,) = function["Properties"]["Events"].values()
    assert event["Type"] == "AlexaSkill"
    assert event["Properties"]["SkillId"] == {"Ref": "AlexaSkillId"}
    assert template["Parameters"]["AlexaSkillId"]["Type"] == "String"


def test_table_is_durable_encrypted_and_expiring(template):
    name, table = resource(template, "AWS::DynamoDB::Table")
    props = table["Properties"]
    assert table["DeletionPolicy"] == "Retain"
    assert table["UpdateReplacePolicy"] == "Retain"
    assert props["BillingMode"] == "PAY_PER_REQUEST"
    assert props["KeySchema"] == [{"AttributeName": "id", "KeyType": "HASH"}]
    assert props["AttributeDefinitions"] == [{"AttributeName": "id", "AttributeType": "S"}]
    assert props["SSESpecification"]["SSEEnabled"] is True
    assert props["TimeToLiveSpecification"] == {"AttributeName": "expires_at", "Enabled": True}
    assert props["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True
    _, function = resource(template, "AWS::Serverless::Function")
    assert function["Properties"]["Environment"]["Variables"]["MILKDUCT_TABLE"] == {"Ref": name}


def test_function_may_touch_only_its_table(template):
    table, _ = resource(template, "AWS::DynamoDB::Table")
    _, function = resource(template, "AWS::Serverless::Function")
    policies = function["Properties"]["Policies"]
    assert policies
    for policy in policies:
        if "DynamoDBCrudPolicy" in policy:
            assert policy["DynamoDBCrudPolicy"] == {"TableName": {"Ref": table}}
            continue
        for statement in policy["Statement"]:
            actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
            assert all(a.startswith("dynamodb:") and "*" not in a for a in actions), actions
            assert statement["Resource"] == {"Fn::GetAtt": [table, "Arn"]}


def test_log_group_has_retention(template):
    function, _ = resource(template, "AWS::Serverless::Function")
    _, group = resource(template, "AWS::Logs::LogGroup")
    assert group["Properties"]["LogGroupName"] == {"Fn::Sub": f"/aws/lambda/${{{function}}}"}
    assert 1 <= group["Properties"]["RetentionInDays"] <= 365


def test_snapstart_on_the_published_alias_by_default(template):
    _, function = resource(template, "AWS::Serverless::Function")
    props = function["Properties"]
    parameter = template["Parameters"]["SnapStart"]
    assert parameter["Default"] == "On" and parameter["AllowedValues"] == ["On", "Off"]
    assert template["Conditions"]["SnapStartOn"] == {"Fn::Equals": [{"Ref": "SnapStart"}, "On"]}
    assert props["SnapStart"] == {"ApplyOn": {"Fn::If": ["SnapStartOn", "PublishedVersions", "None"]}}
    assert props["AutoPublishAlias"] == "live"  # SnapStart applies to published versions only
    assert props["Runtime"] in ("python3.12", "python3.13")  # Python runtimes with SnapStart


def test_outputs(template):
    function, _ = resource(template, "AWS::Serverless::Function")
    table, _ = resource(template, "AWS::DynamoDB::Table")
    # Alexa must call the alias, whose versions have SnapStart, not $LATEST.
    assert template["Outputs"]["SkillFunctionArn"]["Value"] == {"Ref": f"{function}.Alias"}
    assert template["Outputs"]["TableName"]["Value"] == {"Ref": table}


@pytest.fixture(scope="session")
def sam() -> Path:
    if not SAM.exists():
        subprocess.run([sys.executable, "-m", "venv", str(SAM_VENV)], check=True)
        subprocess.run([str(SAM_VENV / "bin" / "pip"), "install", "--quiet", "aws-sam-cli"], check=True, timeout=1200)
    return SAM


def run_sam(sam: Path, home: Path, *args: str) -> subprocess.CompletedProcess:
    """SAM with a throw-away HOME (its config and caches), no telemetry, a region, offline."""
    home.mkdir(exist_ok=True)
    env = {**os.environ, "HOME": str(home), "SAM_CLI_TELEMETRY": "0", "AWS_DEFAULT_REGION": "us-east-1"}
    result = subprocess.run([str(sam), *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    return result


@pytest.mark.slow
def test_sam_validate_lint(sam, tmp_path):
    result = run_sam(sam, tmp_path / "home", "validate", "--lint", "--region", "us-east-1", "--template", str(TEMPLATE))
    assert "is a valid SAM Template" in result.stdout + result.stderr


@pytest.fixture(scope="module")
def artifact(sam, tmp_path_factory) -> Path:
    """`sam build` without Docker (Makefile build method); returns the function's artifact."""
    tmp = tmp_path_factory.mktemp("sam")
    run_sam(sam, tmp / "home", "build", "--template", str(TEMPLATE), "--build-dir", str(tmp / "build"))
    return tmp / "build" / "SkillFunction"


@pytest.mark.slow
def test_sam_build_artifact_has_the_skill_and_compiled_content_only(artifact):
    assert (artifact / "skill" / "lambda_function.py").is_file()
    compiled = artifact / "content" / ".compiled.json"
    assert compiled.is_file(), "the build did not compile content (python -m skill.content)"
    assert json.loads(compiled.read_text())["_stamp"]
    for package in ("ask_sdk_core", "ask_sdk_model", "ask_sdk_runtime"):
        assert (artifact / package).is_dir(), package
    present = [name for name in LEFT_OUT if (artifact / name).exists()]
    assert present == []
    # Bytecode only for the runtime's Python, and the skill's own modules have it.
    pycs = list(artifact.rglob("*.pyc"))
    assert pycs and all(".cpython-312." in p.name for p in pycs)
    assert (artifact / "skill" / "logic" / "__pycache__" / "conversation.cpython-312.pyc").is_file()
    size = sum(f.stat().st_size for f in artifact.rglob("*") if f.is_file())
    print(f"\nLambda artifact: {size / 1e6:.1f} MB unzipped")
    assert size < MAX_ARTIFACT_BYTES


def _python312() -> Path | None:
    """The Lambda runtime's Python version, from pyenv if it is there."""
    candidates = sorted(Path.home().glob(".pyenv/versions/3.12*/bin/python3.12"))
    return candidates[-1] if candidates else None


@pytest.mark.slow
def test_artifact_answers_a_launch_with_only_the_lambda_runtime_around_it(artifact, tmp_path):
    """Import the artifact in an isolated Python 3.12 that sees only it and boto3 (as Lambda does)."""
    python = _python312()
    if python is None:
        pytest.skip("no Python 3.12 (pyenv) to run the artifact with")
    import boto3, botocore, jmespath, s3transfer  # noqa: E401 - the runtime's own packages
    runtime = tmp_path / "runtime"
    runtime.mkdir()
    for module in (boto3, botocore, jmespath, s3transfer):
        source = Path(module.__file__).parent
        (runtime / source.name).symlink_to(source)
    from skill.console.envelopes import Session

    probe = (
        "import json, sys\n"
        f"sys.path[:0] = [{str(artifact)!r}, {str(runtime)!r}]\n"
        "from skill.lambda_function import lambda_handler\n"
        "answer = lambda_handler(json.loads(sys.stdin.read()), None)\n"
        "print(json.dumps({'answer': answer, 'yaml': 'yaml' in sys.modules, 'jsonschema': 'jsonschema' in sys.modules}))\n"
    )
    env = {"PATH": os.environ["PATH"], "MILKDUCT_DATA_DIR": str(tmp_path / "data"), "AWS_DEFAULT_REGION": "us-east-1"}
    result = subprocess.run([str(python), "-I", "-c", probe], input=json.dumps(Session().launch()),
                            capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    assert result.returncode == 0, result.stderr[-4000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["yaml"] is False and report["jsonschema"] is False
    assert report["answer"]["response"]["outputSpeech"]["ssml"].startswith("<speak>")
