"""Streamlit's own command-line settings (``--server.port 8600``, ``--theme.base=dark`` …) for ``giljabi ui``.

Every setting ``streamlit run`` knows is accepted and passed through; a setting it does not know, a
missing value or a value of the wrong type is refused here with a Korean message, before Streamlit starts.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from typing import Any

TRUE = frozenset({"true", "1", "yes", "y", "on", "t"})
FALSE = frozenset({"false", "0", "no", "n", "off", "f"})
# set by giljabi itself from its settings, so that the app and the server agree
OWN_SETTINGS = {"server.maxUploadSize": "업로드 한도는 GILJABI_MAX_UPLOAD_MB 환경 변수로 정합니다"}
ALIASES = {"--port": "server.port", "--host": "server.address"}


class OptionError(ValueError):
    """A command-line setting that cannot be used; ``reason`` is Korean."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def known_options() -> Mapping[str, Any]:
    """Streamlit's settings by key (``server.port`` → its ``ConfigOption``)."""
    from streamlit import config

    return config.get_config_options()


def parse_options(args: Sequence[str], options: Mapping[str, Any] | None = None) -> dict[str, list[str]]:
    """``["--server.port", "8600", "--theme.base=dark"]`` → ``{"server.port": ["8600"], "theme.base": ["dark"]}``.

    ``--port`` and ``--host`` stand for ``--server.port`` and ``--server.address``; a later setting of the
    same key replaces an earlier one unless the setting takes several values.
    """
    options = known_options() if options is None else options
    out: dict[str, list[str]] = {}
    i = 0
    while i < len(args):
        arg = args[i]
        if not arg.startswith("--") or len(arg) == 2:
            raise OptionError(f"알 수 없는 인자입니다: {arg!r}. 설정은 --server.port 8600처럼 씁니다.")
        name, has_value, value = arg.partition("=")
        key = ALIASES.get(name, name[2:])
        if not has_value:
            if i + 1 >= len(args) or args[i + 1].startswith("--"):
                raise OptionError(f"{name}에 값이 없습니다 (예: {name} 값).")
            i += 1
            value = args[i]
        i += 1
        option = options.get(key)
        if option is None:
            raise OptionError(_unknown(name, options))
        if key in OWN_SETTINGS:
            raise OptionError(f"{name}은(는) 쓸 수 없습니다: {OWN_SETTINGS[key]}.")
        if getattr(option, "sensitive", False):
            env = getattr(option, "env_var", "") or "설정 파일"
            raise OptionError(f"{name}은(는) 보안상 명령줄로 정할 수 없습니다. {env}로 정하세요.")
        value = _checked(name, key, value, getattr(option, "type", str))
        if getattr(option, "multiple", False):
            out.setdefault(key, []).append(value)
        else:
            out[key] = [value]
    return out


def _unknown(name: str, options: Mapping[str, Any]) -> str:
    names = [f"--{k}" for k in options] + list(ALIASES)
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.75)
    hint = f" 혹시 {close[0]}인가요?" if close else ""
    return f"알 수 없는 설정입니다: {name}.{hint} Streamlit 설정(--server.port 8600, --server.address 0.0.0.0 …)이나 --port, --host를 쓸 수 있습니다."


def _checked(name: str, key: str, value: str, kind: type) -> str:
    if kind is bool:
        low = value.strip().lower()
        if low in TRUE:
            return "true"
        if low in FALSE:
            return "false"
        raise OptionError(f"{name}의 값은 true 또는 false여야 합니다: {value!r}")
    if kind is int:
        try:
            number = int(value)
        except ValueError:
            raise OptionError(f"{name}의 값은 정수여야 합니다: {value!r}") from None
        if key == "server.port" and not 1 <= number <= 65535:
            raise OptionError(f"포트 번호는 1–65535 사이여야 합니다: {value}")
        return str(number)
    if kind is float:
        try:
            return str(float(value))
        except ValueError:
            raise OptionError(f"{name}의 값은 숫자여야 합니다: {value!r}") from None
    if not value.strip() and key == "server.address":
        raise OptionError(f"{name}에 주소가 없습니다 (예: {name} 127.0.0.1).")
    return value


def as_arguments(settings: Mapping[str, Sequence[str]]) -> list[str]:
    """``{"server.port": ["8600"]}`` → ``["--server.port", "8600"]``."""
    return [part for key, values in settings.items() for value in values for part in (f"--{key}", value)]
