"""The `zhangfang` command: every command explained, errors as one clear line."""

import os
import subprocess
import sys

import pytest

from zhangfang.cli import HELP, main


def test_help_lists_every_command(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert exit_info.value.code == 0
    for command, text in HELP.items():
        assert command in out and text in out


def test_an_unknown_command_exits_2_with_usage(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["frobnicate"])
    assert exit_info.value.code == 2
    assert "usage: zhangfang" in capsys.readouterr().err


def test_an_unreachable_database_is_one_clear_line_and_exit_2(tmp_path):
    env = {**os.environ, "ZHANGFANG_DATA_DIR": str(tmp_path),
           "ZHANGFANG_DATABASE_URL": "postgresql://postgres@127.0.0.1:9/nowhere"}
    result = subprocess.run([sys.executable, "-m", "zhangfang", "check"], env=env, capture_output=True,
                            text=True, timeout=60)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.returncode == 2
    assert len(lines) == 1 and lines[0].startswith("zhangfang: error: OperationalError")


def test_check_is_clean_after_init_and_exits_0(admin, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["check"])
    out = capsys.readouterr().out
    assert exit_info.value.code == 0
    assert "0 failed" in out and "FAIL" not in out
