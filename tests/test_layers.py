"""The layering the README promises, checked on the code itself."""
import ast
import subprocess
import sys
from pathlib import Path

SKILL = Path(__file__).resolve().parent.parent / "skill"


def test_conversation_logic_imports_no_ask_sdk():
    code = ("import sys, skill.logic.conversation, skill.content;"
            "print(sorted(m for m in sys.modules if m.startswith('ask_sdk')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_logic_sources_name_no_sdk_module():
    for path in (SKILL / "logic").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names = [a.name for a in node.names] + [getattr(node, "module", None) or ""]
                assert not any(n.startswith("ask_sdk") for n in names), path


def test_ssml_is_built_in_one_place():
    def builds_ssml(path):
        strings = [n.value for n in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                   if isinstance(n, ast.Constant) and isinstance(n.value, str)]
        return any("<speak>" in v or '<break time="' in v for v in strings)

    builders = [p.relative_to(SKILL).as_posix() for p in SKILL.rglob("*.py") if builds_ssml(p)]
    assert builders == ["render/ssml.py"]
