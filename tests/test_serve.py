"""`vigie dashboard`'s serving options, without starting a server: the command line, token and cell limit.

The real server is started in tests/test_serve_voila.py."""
from __future__ import annotations

import re
import runpy
import socket
from pathlib import Path

import pytest

from vigie import serve
from vigie.background_server import with_options
from vigie.cli import main as vigie_cli
from vigie.kernel_pool import memory_line
from vigie.serve import (
    CELL_TIMEOUT_S,
    CULL_IDLE_S,
    NO_TOKEN_WARNING,
    VOILA_CONFIG_DIR,
    cell_timeouts,
    choose_token,
    public_url,
    voila_command,
    voila_environment,
)


def options(command: list[str]) -> dict[str, str]:
    return dict(part[2:].split("=", 1) for part in command if part.startswith("--") and "=" in part)


def test_the_default_command_line(tmp_path):
    command = voila_command(serve.DEFAULT_NOTEBOOK, port=8870, store=tmp_path)
    assert command[0].endswith("voila") and command[1] == str(serve.DEFAULT_NOTEBOOK)
    found = options(command)
    assert found["port"] == "8870" and found["Voila.ip"] == "127.0.0.1"
    assert "Voila.token" not in found  # Voilà's default: no token
    assert found["show_tracebacks"] == "False" and found["preheat_kernel"] == "True"
    assert found["VoilaExecutor.timeout"] == str(CELL_TIMEOUT_S) == "120"
    assert found["VoilaExecutor.interrupt_on_timeout"] == "True"
    assert found["MappingKernelManager.cull_idle_timeout"] == str(CULL_IDLE_S) == "600"
    assert found["MappingKernelManager.cull_connected"] == "False"
    assert found["Voila.config_file_paths"] == repr([str(VOILA_CONFIG_DIR)])
    assert (VOILA_CONFIG_DIR / "voila.py").is_file()


def test_a_missing_store_is_refused(tmp_path):
    with pytest.raises(FileNotFoundError, match="vigie ingest"):
        voila_command(serve.DEFAULT_NOTEBOOK, port=8870, store=tmp_path / "absent")


def test_ip_and_token_reach_the_command_line(tmp_path):
    found = options(voila_command(serve.DEFAULT_NOTEBOOK, port=1, store=tmp_path, ip="0.0.0.0", token="abc"))
    assert found["Voila.ip"] == "0.0.0.0" and found["Voila.token"] == "abc"
    assert options(voila_command(serve.DEFAULT_NOTEBOOK, port=1, store=tmp_path, token=""))["Voila.token"] == ""


def test_token_choice():
    assert choose_token("127.0.0.1", None) == (None, None)
    assert choose_token("localhost", None) == (None, None)
    assert choose_token("::1", None) == (None, None)
    generated, warning = choose_token("0.0.0.0", None)
    assert warning is None and len(generated) >= 32 and generated != choose_token("0.0.0.0", None)[0]
    assert choose_token("serveur.labo.fr", None)[0]  # a host name may be on the network
    assert choose_token("0.0.0.0", "") == ("", NO_TOKEN_WARNING)
    assert choose_token("127.0.0.1", "") == ("", None)
    assert choose_token("192.168.1.5", "secret") == ("secret", None)


def test_public_url():
    assert public_url("127.0.0.1", 8866) == "http://localhost:8866/"
    assert public_url("0.0.0.0", 8866, "t0k") == f"http://{socket.gethostname()}:8866/?token=t0k"
    assert public_url("192.168.1.5", 80, "") == "http://192.168.1.5:80/"
    assert public_url("fe80::1", 80) == "http://[fe80::1]:80/"


def test_the_wait_for_the_visitor_has_no_limit():
    timeout = cell_timeouts(30)
    assert timeout({"source": 'query_string = get_query_string() or ""'}) is None
    assert timeout({"source": "wait_for_request()"}) is None
    assert timeout({"source": "build_app(store, query_string=query_string)"}) == 30
    assert timeout({"source": "from voila.utils import get_query_string\nimport pandas"}) == 30  # no call


def test_the_warm_up_cell_is_limited_by_its_kernel_not_by_nbclient():
    timeout = cell_timeouts(30)
    assert timeout({"source": "with warm_up_turn():\n    import pandas"}) is None
    assert timeout({"source": "from vigie.preheat_queue import warm_up_turn\nimport pandas"}) == 30


def test_the_config_file_sets_the_limit_from_the_environment(monkeypatch):
    monkeypatch.setenv(serve.CELL_TIMEOUT_VARIABLE, "42")
    config = type("Config", (), {})()
    config.VoilaExecutor = type("Section", (), {})()
    namespace = runpy.run_path(str(VOILA_CONFIG_DIR / "voila.py"), init_globals={"get_config": lambda: config})
    assert namespace["limit"] == 42
    assert config.VoilaExecutor.timeout_func({"source": "x = 1"}) == 42
    assert config.VoilaExecutor.timeout_func({"source": "get_query_string()"}) is None
    assert "42 s" in config.VoilaExecutor.cell_error_instruction


def test_environment(tmp_path):
    env = voila_environment(tmp_path, cell_timeout=7)
    assert env[serve.STORE_VARIABLE] == str(tmp_path.resolve()) and env[serve.CELL_TIMEOUT_VARIABLE] == "7"
    assert env["VOILA_APP_IP"] == "127.0.0.1"
    # A server on one network address is not on 127.0.0.1: the pre-heated kernel must ask that address.
    assert voila_environment(tmp_path, ip="192.168.1.5")["VOILA_APP_IP"] == "192.168.1.5"
    assert voila_environment(tmp_path, ip="fe80::1")["VOILA_APP_IP"] == "[fe80::1]"


def test_environment_names_the_warm_up_queue_only_when_given(tmp_path, monkeypatch):
    monkeypatch.setenv(serve.QUEUE_VARIABLE, "/left/in/the/shell")
    assert serve.QUEUE_VARIABLE not in voila_environment(tmp_path)
    env = voila_environment(tmp_path, warm_up_queue=tmp_path / "queue")
    assert env[serve.QUEUE_VARIABLE] == str((tmp_path / "queue").resolve())
    assert env[serve.SLOTS_VARIABLE] == str(serve.default_slots())


@pytest.fixture
def started(monkeypatch, tmp_path):
    """`vigie dashboard --no-ingest` with Voilà replaced by a recorder."""
    calls = []
    monkeypatch.setattr(serve, "run_voila", lambda command, env, viewers, port: calls.append((command, env)) or 0)
    store = tmp_path / "store"
    store.mkdir()

    def run(*args: str) -> tuple[list[str], dict]:
        assert vigie_cli(["dashboard", str(tmp_path), "--store", str(store), "--no-ingest", *args]) == 0
        return calls[-1]

    return run


def test_cli_defaults_to_this_machine_without_token(started, capsys):
    command, env = started()
    found = options(command)
    assert found["Voila.ip"] == "127.0.0.1" and found["port"] == "8866" and "Voila.token" not in found
    assert "http://localhost:8866/ " in capsys.readouterr().out
    assert found["VoilaExecutor.timeout"] == env[serve.CELL_TIMEOUT_VARIABLE] == "120"


def test_cli_viewers(started):
    command, env = started("--viewers", "30")
    assert options(command)["pool_size"] == "30"
    assert "vigie-warm-up-" in env[serve.QUEUE_VARIABLE]  # a queue folder of its own, removed when it stops
    assert not Path(env[serve.QUEUE_VARIABLE]).exists()


def test_cli_cell_timeout(started):
    command, env = started("--cell-timeout", "300")
    assert options(command)["VoilaExecutor.timeout"] == env[serve.CELL_TIMEOUT_VARIABLE] == "300"


def test_cli_on_the_network_generates_a_token_and_prints_the_link(started, capsys):
    command, _ = started("--ip", "0.0.0.0", "--port", "8870")
    token = options(command)["Voila.token"]
    assert len(token) >= 32
    assert f"http://{socket.gethostname()}:8870/?token={token}" in capsys.readouterr().out


def test_cli_given_token_and_explicitly_none(started, capsys):
    assert options(started("--ip", "0.0.0.0", "--token", "mon-jeton")[0])["Voila.token"] == "mon-jeton"
    capsys.readouterr()
    assert options(started("--ip", "0.0.0.0", "--token", "")[0])["Voila.token"] == ""
    printed = capsys.readouterr()
    assert NO_TOKEN_WARNING in printed.err and "?token" not in printed.out


def test_extra_options_replace_those_of_the_same_name(tmp_path):
    base = voila_command(serve.DEFAULT_NOTEBOOK, port=1, store=tmp_path)
    command = with_options(base, ["--preheat_kernel=False", "--debug"])
    assert options(command)["preheat_kernel"] == "False" and command[-1] == "--debug"
    assert sum(part.startswith("--preheat_kernel=") for part in command) == 1
    assert len(command) == len(base) + 1


def test_in_the_dashboard_notebook_only_the_waits_have_no_nbclient_limit():
    """The wait for the visitor, and the warm-up cell, whose kernel counts the limit itself from its turn."""
    import nbformat

    cells = [c for c in nbformat.read(serve.DEFAULT_NOTEBOOK, as_version=4).cells if c.cell_type == "code"]
    limits = [cell_timeouts(120)(cell) for cell in cells]
    assert limits[:2] == [None, None]
    assert "with warm_up_turn():" in cells[0].source and "prepare_app(store)" in cells[0].source
    assert "from vigie.dashboard import" in cells[0].source.split("with warm_up_turn():")[1]  # heavy: in the turn
    assert cells[1].source.splitlines()[-1] == 'query_string = get_query_string() or ""'
    assert "open_link" in cells[-1].source and "corpus=corpus" in cells[-1].source and limits[-1] == 120


def test_only_edit_gives_kernels_the_right_to_write(started, monkeypatch, tmp_path):
    monkeypatch.setenv(serve.EDIT_VARIABLE, "1")  # left in the shell: a plain server must not pass it on
    monkeypatch.setenv(serve.CORPUS_VARIABLE, "/elsewhere")
    _, env = started()
    assert serve.EDIT_VARIABLE not in env and serve.CORPUS_VARIABLE not in env
    _, env = started("--edit")
    assert env[serve.EDIT_VARIABLE] == "1" and env[serve.CORPUS_VARIABLE] == str(tmp_path.resolve())


def test_viewers_sets_the_pool_and_a_delayed_refill(tmp_path):
    found = options(voila_command(serve.DEFAULT_NOTEBOOK, port=1, store=tmp_path, viewers=12))
    assert found["pool_size"] == "12" and found["preheat_kernel"] == "True"
    assert found["VoilaKernelManager.fill_delay"] == str(serve.REFILL_DELAY_S)
    assert options(voila_command(serve.DEFAULT_NOTEBOOK, port=1, store=tmp_path))["pool_size"] == "1"
    with pytest.raises(ValueError, match="au moins 1"):
        voila_command(serve.DEFAULT_NOTEBOOK, port=1, store=tmp_path, viewers=0)


def test_the_memory_line_is_measured_on_real_processes():
    import psutil

    me = psutil.Process()
    line = memory_line([me, me, me], viewers=10)
    one = me.memory_full_info().pss / 2**20
    shown = float(re.search(r"environ (\d+) Mio", line).group(1))
    assert abs(shown - one) <= max(5, one * 0.2)  # the same process, measured again
    assert "10 visiteur(s)" in line and "mémoire disponible" in line
    assert memory_line([], viewers=3) == ""
    assert "Attention" in memory_line([me], viewers=100_000)  # far more than this machine holds
