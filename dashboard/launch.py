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

:func:`serve` starts that same launcher (or any Streamlit command) as a child process
on a free loopback port and waits until it answers: the tests, ``bench`` and
``benchmarks`` all need a real server, and one helper keeps the port choice, the
readiness wait, the error that shows the server's output and the clean stop alike.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import tomllib
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
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
    from data_access.db.engine import ENV_VAR

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


LOOPBACK = "127.0.0.1"
# How much of the server's output a start-up failure quotes (its end, where the
# traceback is).
_OUTPUT_TAIL_CHARS = 4000


def free_port(host: str = LOOPBACK) -> int:
    """A TCP port nothing listens on now (the OS picks it; a race is possible but rare)."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


class ServerDidNotStart(RuntimeError):
    """The server exited, or did not answer its health check in time; the message ends
    with the tail of its output, so the cause shows where the failure is reported."""


@dataclass(frozen=True)
class Served:
    """A running server: its base URL (``http://127.0.0.1:PORT``), the process (its pid
    for memory readings), its port and the file its output goes to."""

    url: str
    process: subprocess.Popen[bytes]
    port: int
    log: Path


def _output_tail(log: Path) -> str:
    try:
        text = log.read_text(encoding="utf-8", errors="replace")
    except OSError as error:
        return f"(its output could not be read: {error})"
    return text[-_OUTPUT_TAIL_CHARS:] or "(it wrote nothing)"


def _answers(url: str) -> bool:
    """Whether Streamlit's health check at ``url`` answers 200 now."""
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
            return bool(answer.status == 200)
    except OSError:
        return False


def _stop(process: subprocess.Popen[bytes], timeout: float) -> None:
    """SIGTERM to the server's process group, SIGKILL if it is still there after
    ``timeout`` seconds: whatever the server started goes with it."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout=timeout)
            return
        except subprocess.TimeoutExpired:
            continue


@contextlib.contextmanager
def serve(
    db_url: str | None,
    *,
    port: int | None = None,
    env: Mapping[str, str] | None = None,
    command: Sequence[str] | None = None,
    args: Sequence[str] = (),
    log: Path | None = None,
    start_timeout: float = 90.0,
    stop_timeout: float = 15.0,
) -> Iterator[Served]:
    """Run ``command`` (default ``python -m dashboard``) with ``--server.port PORT
    --server.headless true`` and ``args``, from the repository root, until the block ends.

    ``env`` is the whole environment of the server (default: this process's);
    ``db_url``, when given, is set on top as ``DASHBOARD_DB_URL``. The port is ``port``
    or a free one. Output goes to ``log`` (default: a temporary file, removed after).
    Waits for ``/_stcore/health`` at most ``start_timeout`` seconds, else stops the
    server and raises :class:`ServerDidNotStart` with the end of its output. The
    server runs in a process group of its own, stopped as a whole (see :func:`_stop`).
    """
    from data_access.db.engine import ENV_VAR

    server_env = dict(os.environ if env is None else env)
    if db_url is not None:
        server_env[ENV_VAR] = db_url
    chosen = free_port() if port is None else port
    argv = [
        *(command or (sys.executable, "-m", "dashboard")),
        "--server.port",
        str(chosen),
        "--server.headless",
        "true",
        *args,
    ]
    with contextlib.ExitStack() as cleanup:
        if log is None:
            folder = cleanup.enter_context(tempfile.TemporaryDirectory(prefix="dashboard-"))
            log = Path(folder) / "server.log"
        out = cleanup.enter_context(log.open("wb"))
        process = subprocess.Popen(
            argv,
            cwd=REPO_ROOT,
            env=server_env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        cleanup.callback(_stop, process, stop_timeout)
        url = f"http://{LOOPBACK}:{chosen}"
        deadline = time.monotonic() + start_timeout
        while not _answers(url):
            if process.poll() is not None:
                out.flush()
                raise ServerDidNotStart(
                    f"{' '.join(argv)} exited with code {process.returncode} before "
                    f"answering on {url}; its output ({log}):\n{_output_tail(log)}"
                )
            if time.monotonic() > deadline:
                raise ServerDidNotStart(
                    f"{' '.join(argv)} did not answer on {url} within {start_timeout:g} s; "
                    f"its output ({log}):\n{_output_tail(log)}"
                )
            time.sleep(0.3)
        yield Served(url, process, chosen, log)
