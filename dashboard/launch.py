"""Start-up: ``python -m dashboard`` runs ``dashboard/server.py`` through Streamlit's CLI.

``server.py`` holds ``app = st.App("app.py", routes=...)``: ``streamlit run`` detects it
and serves, in one process under uvicorn, the pages (``dashboard/app.py``, unchanged)
and the plain HTTP routes of ``dashboard/web`` (API, feed, vendored assets). Every
``--server.*``/``--theme.*``/``--client.*`` flag applies as before: in this mode
Streamlit reads the same config options (port, address, headless, XSRF, upload size,
theme); the file watcher options concern only script reruns, which stay off.

Why a launcher: Streamlit only reads ``.streamlit/config.toml`` from the working
directory, while the project keeps its settings in ``streamlit_config/config.toml`` so
they are versioned and documented in one place. The launcher turns that file into
``--section.option=value`` flags, lets any flag given on the command line win, and
resolves the database URL (``DASHBOARD_DB_URL``, else ``streamlit_config/secrets.toml``,
else the embedded SQLite file that the app builds from demo data on first start).
"""

from __future__ import annotations

import json
import os
import sys
import tomllib
from collections.abc import Sequence
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
# What ``streamlit run`` is given: the ASGI entry, which serves app.py's pages.
APP_PATH = Path(__file__).resolve().parent / "server.py"
CONFIG_PATH = REPO_ROOT / "streamlit_config" / "config.toml"
SECRETS_PATH = REPO_ROOT / "streamlit_config" / "secrets.toml"


def _flag_value(value: object) -> str:
    """A TOML value as Streamlit's CLI expects it (booleans lower-case, lists as JSON)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def config_flags(config: dict, prefix: str = "") -> list[str]:
    """Flatten a parsed config.toml into ``--section.option=value`` flags.

    Nested tables (``[theme.sidebar]``) become dotted names, as Streamlit names them.
    """
    flags: list[str] = []
    for key, value in config.items():
        name = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict):
            flags.extend(config_flags(value, name))
        else:
            flags.append(f"--{name}={_flag_value(value)}")
    return flags


def _flag_name(arg: str) -> str | None:
    """``--server.port=8600`` or ``--server.port`` -> ``server.port``; else None."""
    if not arg.startswith("--"):
        return None
    return arg[2:].split("=", 1)[0]


def build_argv(user_args: Sequence[str], config_path: Path = CONFIG_PATH) -> list[str]:
    """The argv for ``streamlit run``: config flags first, the user's flags override them."""
    config = tomllib.loads(config_path.read_text(encoding="utf-8")) if config_path.exists() else {}
    overridden = {name for arg in user_args if (name := _flag_name(arg))}
    flags = [flag for flag in config_flags(config) if _flag_name(flag) not in overridden]
    return ["streamlit", "run", str(APP_PATH), *flags, *user_args]


def database_url_from_secrets(path: Path = SECRETS_PATH) -> str | None:
    """``[database] url`` of the git-ignored secrets file, when there is one."""
    if not path.exists():
        return None
    secrets = tomllib.loads(path.read_text(encoding="utf-8"))
    url = secrets.get("database", {}).get("url")
    return str(url) if url else None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the dashboard; extra arguments are passed on to ``streamlit run``."""
    from data_access.engine import ENV_VAR

    args = list(sys.argv[1:] if argv is None else argv)
    if not os.environ.get(ENV_VAR):
        secret_url = database_url_from_secrets()
        if secret_url:
            os.environ[ENV_VAR] = secret_url
    # The app imports ``dashboard`` and ``data_access`` from the repository root.
    os.environ["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(REPO_ROOT), os.environ.get("PYTHONPATH", "")) if p
    )
    from streamlit.web import cli as stcli

    sys.argv = build_argv(args)
    return stcli.main()
