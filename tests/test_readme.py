"""Every example in the README runs and says what the README says."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess

import pytest

from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
CONSOLE = re.findall(r"```console\n(.*?)```", README, flags=re.S)
COMMANDS = [line[2:] for block in CONSOLE for line in block.splitlines() if line.startswith("$ ")]
BASH = re.findall(r"```bash\n(.*?)\n```", README, flags=re.S)
EXAMPLES = [line.split("  #")[0].strip() for block in BASH[2:] for line in block.splitlines()
            if line.startswith("swingometer ")]


def test_the_top_gives_the_two_set_up_commands() -> None:
    blocks = re.findall(r"```bash\n(.*?)\n```", README, flags=re.S)[:2]
    assert blocks == ["pip install . && swingometer demo", "pip install '.[test]' && pytest"]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert blocks[1] in ci


@pytest.mark.parametrize("command", COMMANDS)
def test_console_examples_run(command: str) -> None:
    args = shlex.split(command)
    # the environment as the tests hold it (readline may have set $COLUMNS below Python)
    result = subprocess.run([shutil.which(args[0]), *args[1:]], capture_output=True, text=True,
                            env=dict(os.environ), timeout=120)
    block = next(b for b in CONSOLE if f"$ {command}\n" in b)
    shown = block.split(f"$ {command}\n", 1)[1].split("\n$ ")[0]
    if shown.startswith("error:"):
        assert result.returncode == 1
        assert result.stderr.startswith(shown.split("...")[0].strip())
    else:
        assert result.returncode == 0, result.stderr
        lines = [line.rstrip() for line in shown.splitlines() if line.strip() and line != "..."]
        printed = {line.rstrip() for line in result.stdout.splitlines()}
        assert [line for line in lines if line not in printed] == []


def test_python_example_runs_and_its_comments_hold() -> None:
    block = re.search(r"```python\n(.*?)```", README, flags=re.S).group(1)
    namespace: dict = {}
    for line in block.splitlines():
        code, _, comment = line.partition("  # ")
        if " = " in code or code.startswith("import"):
            exec(code, namespace)
        elif code.strip():
            value = eval(code.strip(), namespace)
            expected = comment.strip()
            if expected.startswith(("(", "'")):
                assert repr(value) == expected


@pytest.mark.parametrize("command", EXAMPLES)
def test_bash_examples_run(command: str) -> None:
    args = shlex.split(command)
    # the environment as the tests hold it (readline may have set $COLUMNS below Python)
    result = subprocess.run([shutil.which(args[0]), *args[1:]], capture_output=True, text=True,
                            env=dict(os.environ), timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()
