"""A real Voilà server started as `vigie dashboard` starts it, on a tiny notebook: token and cell limit.

Why a tiny notebook: what is checked here is the server's configuration
(authentication, the per-cell limit and pre-heating), not the dashboard, and
a notebook that only waits for its visitor and prints starts in seconds.
Its last cell prints the visitor's query string, so a page that shows
``visiteur : …`` has run the whole notebook for that visitor; a link asking
for ``lent`` makes that cell sleep past the limit.
"""
from __future__ import annotations

import http.client
import textwrap
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import nbformat
import pytest

from vigie.background_server import running_server
from vigie.kernel_pool import kernels
from vigie.preheat_queue import default_slots

pytestmark = pytest.mark.slow
LIMIT_S = 30  # the first cell (imports) is limited too: room for a busy machine (load 10-20 seen here)
TOKEN = "jeton-de-test"


@pytest.fixture(scope="module")
def notebook(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("notebook") / "visiteur.ipynb"
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("import time\nfrom voila.utils import get_query_string"),
        nbformat.v4.new_code_cell('query = get_query_string() or ""'),
        nbformat.v4.new_code_cell('if "lent" in query:\n    time.sleep(120)\nprint("visiteur :", query)'),
        nbformat.v4.new_code_cell('print("cellule suivante")'),
    ])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("store")  # the notebook reads none; voila_command only checks it exists


def get(url: str) -> tuple[int, dict, str]:
    """One request, redirects not followed: status, headers, body."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=300)
    try:
        connection.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""))
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def outputs(page: str, server) -> str:
    """What a failing assertion shows: the page's outputs and the server's log."""
    shown = [line for line in page.splitlines() if "visiteur" in line or "cellule" in line or "rror" in line]
    return f"page: {shown[-10:]!r}\nlog: {server.log.read_text()[-2000:]}"


def test_a_token_keeps_out_whoever_lacks_it(notebook, store):
    with running_server(store, notebook=notebook, token=TOKEN) as server:
        status, headers, _ = get(server.url)
        assert status == 302 and "/login" in headers["Location"]
        assert get(server.url + "?token=mauvais")[0] == 302
        assert get(server.url + f"api/kernels/{uuid.uuid4()}")[0] == 403  # the kernel API, even for a made-up id
        status, _, page = get(server.url + "?token=" + TOKEN + "&vu=1")
        assert status == 200
        assert "visiteur : token=" in page and "vu=1" in page  # the notebook ran for this visitor


def test_no_token_by_default_on_the_loopback(notebook, store):
    with running_server(store, notebook=notebook) as server:
        status, _, page = get(server.url + "?vu=1")
        assert status == 200 and "visiteur : vu=1" in page


def test_the_cell_limit_spares_the_wait_for_the_visitor_and_stops_a_long_cell(notebook, store):
    with running_server(store, notebook=notebook, cell_timeout=LIMIT_S) as server:
        time.sleep(LIMIT_S + 5)  # the pre-heated kernel has waited for its visitor longer than the limit
        status, _, page = get(server.url + "?vu=1")
        assert status == 200
        assert "visiteur : vu=1" in page and "cellule suivante" in page, outputs(page, server)
        assert "timed out" not in page and "n'a pas pu s'afficher" not in page

        started = time.monotonic()
        status, _, page = get(server.url + "?lent=1")
        assert status == 200
        assert time.monotonic() - started < LIMIT_S + 60  # the sleeping cell (120 s) was interrupted
        assert f"un calcul a échoué ou a dépassé {LIMIT_S} s et a été arrêté" in page, outputs(page, server)
        assert "visiteur :" not in page and "cellule suivante" not in page  # nothing ran after it
        assert "Traceback" not in page
        log = server.log.read_text()
        assert f"Timeout waiting for execute reply ({LIMIT_S}s)" in log and "Interrupting kernel" in log
        assert kernels(server.process.pid)  # the kernels are still there: interrupted, not killed


def test_a_pool_for_three_viewers_serves_three_at_once_and_refills(notebook, store):
    """--viewers 3: three kernels wait for their visitors; three pages are served by them, and the pool refills."""
    with running_server(store, notebook=notebook, viewers=3,
                        extra_args=("--VoilaKernelManager.fill_delay=1",)) as server:
        deadline = time.monotonic() + 180
        while len(kernels(server.process.pid)) < 3 and time.monotonic() < deadline:
            time.sleep(1)
        assert len(kernels(server.process.pid)) == 3
        pages = [get(server.url + f"?vu={n}") for n in range(3)]
        assert all(status == 200 and f"visiteur : vu={n}" in page for n, (status, _, page) in enumerate(pages))
        log = server.log.read_text()
        assert log.count("Using pre-heated kernel") == 3, outputs(pages[-1][2], server)
        while len(kernels(server.process.pid)) < 6 and time.monotonic() < deadline:
            time.sleep(1)
        assert len(kernels(server.process.pid)) == 6  # three used (until culled), three ready again


def turn_notebook(path: Path, work: str) -> Path:
    """A notebook whose first cell does ``work`` in its kernel's warm-up turn, as the dashboard's does."""
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("import os, time\nfrom vigie.preheat_queue import warm_up_turn\n\n"
                                  "with warm_up_turn():\n" + textwrap.indent(work, "    ")),
        nbformat.v4.new_code_cell('from voila.utils import get_query_string\nquery = get_query_string() or ""'),
        nbformat.v4.new_code_cell('print("visiteur :", query)'),
    ])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


def test_a_pool_warms_up_in_turn(tmp_path, store, monkeypatch):
    """Three pre-heated kernels take their warm-up turns one round at a time, and each then serves its visitor."""
    turns = tmp_path / "turns"
    monkeypatch.setenv("TURNS_LOG", str(turns))  # the server's environment, hence its kernels'
    notebook = turn_notebook(tmp_path / "turns.ipynb", 'with open(os.environ["TURNS_LOG"], "a") as log:\n'
                             '    print("in", flush=True, file=log)\ntime.sleep(1)\n'
                             'with open(os.environ["TURNS_LOG"], "a") as log:\n    print("out", file=log)\n')
    with running_server(store, notebook=notebook, viewers=3) as server:
        deadline = time.monotonic() + 300
        while (not turns.exists() or turns.read_text().count("out") < 3) and time.monotonic() < deadline:
            time.sleep(1)
        pages = [get(server.url + f"?vu={n}") for n in range(3)]
        assert all(status == 200 and f"visiteur : vu={n}" in page for n, (status, _, page) in enumerate(pages))
    inside, most = 0, 0
    for line in turns.read_text().split():
        inside += 1 if line == "in" else -1
        most = max(most, inside)
    assert turns.read_text().split().count("in") == 3 and inside == 0
    assert most <= default_slots()


def test_the_warm_up_cell_is_stopped_past_the_limit_counted_by_its_kernel(tmp_path, store):
    """No nbclient limit on the warm-up cell: the kernel's own watchdog interrupts it, with the same French message."""
    notebook = turn_notebook(tmp_path / "long.ipynb", "time.sleep(600)\n")
    with running_server(store, notebook=notebook, cell_timeout=LIMIT_S, wait_for_spare=False) as server:
        status, _, page = get(server.url)  # a sleep of 600 s left running would time this request out (300 s)
        assert status == 200
        assert f"un calcul a échoué ou a dépassé {LIMIT_S} s et a été arrêté" in page, outputs(page, server)
        assert "visiteur :" not in page and "Traceback" not in page
        assert "Timeout waiting for execute reply" not in server.log.read_text()  # not nbclient's limit: the kernel's
