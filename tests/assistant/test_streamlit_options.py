"""``giljabi ui`` takes Streamlit's own settings and refuses bad ones in Korean (Streamlit's real option list)."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.commands.streamlit_options import OptionError, parse_options
from assistant.commands.ui import streamlit_args

HANGUL = re.compile(r"[가-힣]")


def value_after(args: list[str], flag: str) -> str:
    assert args.count(flag) == 1, args
    return args[args.index(flag) + 1]


def test_streamlit_settings_pass_through_and_replace_the_defaults() -> None:
    extra = parse_options(["--server.port", "8600", "--theme.base=dark", "--server.headless", "False"])
    assert extra == {"server.port": ["8600"], "theme.base": ["dark"], "server.headless": ["false"]}
    args = streamlit_args(8501, "127.0.0.1", 20, extra)
    assert value_after(args, "--server.port") == "8600"
    assert value_after(args, "--server.headless") == "false"
    assert value_after(args, "--theme.base") == "dark"
    assert value_after(args, "--server.maxUploadSize") == "20"  # the server's limit stays


def test_port_and_host_are_the_server_settings_and_the_last_one_wins() -> None:
    extra = parse_options(["--port", "9000", "--host", "0.0.0.0", "--server.port=8600"])
    assert extra == {"server.port": ["8600"], "server.address": ["0.0.0.0"]}
    assert parse_options(["--server.folderWatchBlacklist", "a", "--server.folderWatchBlacklist", "b"]) == {
        "server.folderWatchBlacklist": ["a", "b"]
    }


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--server.prot", "8600"], "혹시 --server.port"),
        (["--server.port", "여덟"], "정수여야"),
        (["--server.port", "70000"], "1–65535"),
        (["--server.port"], "값이 없습니다"),
        (["--server.headless", "maybe"], "true 또는 false"),
        (["--server.maxUploadSize", "200"], "GILJABI_MAX_UPLOAD_MB"),
        (["--server.cookieSecret", "x"], "보안상"),
        (["8600"], "알 수 없는 인자"),
    ],
)
def test_bad_settings_are_refused_in_korean(args: list[str], expected: str) -> None:
    with pytest.raises(OptionError) as caught:
        parse_options(args)
    assert expected in caught.value.reason and HANGUL.search(caught.value.reason)


def test_the_cli_refuses_a_bad_setting_before_starting_anything() -> None:
    result = CliRunner().invoke(app, ["ui", "--server.prot", "8600"])
    assert result.exit_code == 2
    assert "알 수 없는 설정입니다: --server.prot" in result.output
    result = CliRunner().invoke(app, ["ui", "--port", "abc"])
    assert result.exit_code == 2 and "정수여야" in result.output
    help_text = CliRunner().invoke(app, ["ui", "--help"]).output
    assert "--server.port" in help_text
