"""The warm-up queue and the kernel's own time limit, with real processes competing for real file locks.

Each worker is a fresh Python process, as each Voilà kernel is: it takes its
turn in a shared folder and writes down what it saw while holding it.
"""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from vigie.cell_limit import CELL_TIMEOUT_VARIABLE, time_limit
from vigie.preheat_queue import QUEUE_VARIABLE, SLOTS_VARIABLE, default_slots, turn, warm_up_turn

#: A worker: waits its turn in QUEUE with SLOTS slots; in it, records its ticket, how many workers were in
#: their turn and how many had finished theirs (a mark left in DONE just before giving the turn back).
WORKER = textwrap.dedent("""
    import os, sys, time
    from pathlib import Path
    from vigie.preheat_queue import turn

    queue, slots, inside, log = Path(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4])
    done = log.with_name("done")
    done.mkdir(exist_ok=True)
    with turn(queue, slots=slots) as ticket:
        mine = inside / str(os.getpid())
        mine.touch()
        with log.open("a") as out:
            out.write(f"{ticket} {len(list(inside.iterdir()))} {len(list(done.iterdir()))}\\n")
        time.sleep(0.3)
        mine.unlink()
        (done / str(ticket)).touch()
""")


def start(code: str, *args: object, env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", code, *map(str, args)], env={**os.environ, **(env or {})},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for(path: Path, process: subprocess.Popen) -> None:
    while not path.exists():
        assert process.poll() is None, process.communicate()
        time.sleep(0.05)


@pytest.mark.parametrize("slots", [1, 2])
def test_workers_take_their_turn_in_order_never_more_than_the_slots_at_once(tmp_path, slots):
    queue, inside, log = tmp_path / "queue", tmp_path / "inside", tmp_path / "log"
    inside.mkdir()
    workers = [start(WORKER, queue, slots, inside, log) for _ in range(4 if slots == 1 else 5)]
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
    entries = [tuple(map(int, line.split())) for line in log.read_text().splitlines()]
    tickets = [ticket for ticket, _, _ in entries]
    assert sorted(tickets) == list(range(1, len(workers) + 1))  # each worker got one ticket, and one turn
    assert max(inside for _, inside, _ in entries) <= slots
    # First come, first served: ticket n's turn comes once all but slots - 1 of the tickets before it are done.
    assert all(done >= ticket - slots for ticket, _, done in entries)
    if slots == 1:
        assert tickets == sorted(tickets)
    assert not list(queue.glob("ticket-*"))  # every ticket given back


def test_a_worker_killed_in_its_turn_does_not_block_the_queue(tmp_path):
    queue, entered = tmp_path / "queue", tmp_path / "entered"
    holder = start("import sys, time\nfrom pathlib import Path\nfrom vigie.preheat_queue import turn\n"
                   "with turn(Path(sys.argv[1]), slots=1):\n    Path(sys.argv[2]).touch()\n    time.sleep(600)",
                   queue, entered)
    wait_for(entered, holder)
    waiter = start(WORKER, queue, 1, tmp_path, tmp_path / "log")
    while not (queue / "ticket-000000002").exists():  # the waiter has its ticket, behind the holder
        assert waiter.poll() is None, waiter.communicate()
        time.sleep(0.05)
    assert waiter.poll() is None  # still waiting while the holder lives
    holder.kill()  # SIGKILL: no `finally`, the lock goes with the process
    holder.communicate()
    _, err = waiter.communicate(timeout=120)
    assert waiter.returncode == 0, err
    assert (tmp_path / "log").read_text().split()[0] == "2"
    assert not list(queue.glob("ticket-*"))


def test_the_limit_counts_from_the_turn_not_from_the_wait(tmp_path):
    """The waiter waits longer than its limit without being interrupted, then is interrupted in its turn."""
    queue, entered, release = tmp_path / "queue", tmp_path / "entered", tmp_path / "release"
    holder = start("import sys, time\nfrom pathlib import Path\nfrom vigie.preheat_queue import turn\n"
                   "with turn(Path(sys.argv[1]), slots=1):\n    Path(sys.argv[2]).touch()\n"
                   "    while not Path(sys.argv[3]).exists():\n        time.sleep(0.05)",
                   queue, entered, release)
    wait_for(entered, holder)
    limit = 1
    waiter = start("import time\nfrom vigie.preheat_queue import warm_up_turn\nwith warm_up_turn():\n"
                   "    print('turn', flush=True)\n    time.sleep(600)\nprint('finished')",
                   env={QUEUE_VARIABLE: str(queue), SLOTS_VARIABLE: "1", CELL_TIMEOUT_VARIABLE: str(limit)})
    while not (queue / "ticket-000000002").exists():
        assert waiter.poll() is None, waiter.communicate()
        time.sleep(0.05)
    time.sleep(3 * limit)  # waiting in the queue, past the limit
    assert waiter.poll() is None  # not interrupted while it waited
    release.touch()
    out, err = waiter.communicate(timeout=300)
    holder.communicate()
    assert out.splitlines() == ["turn"]  # its turn came, then the limit stopped the sleep of 600 s
    assert "KeyboardInterrupt" in err and waiter.returncode != 0
    assert not list(queue.glob("ticket-*"))  # the interrupted kernel gave its turn back


def test_the_watchdog_interrupts_this_process_and_is_cancelled_once_the_block_is_done():
    with pytest.raises(KeyboardInterrupt):
        with time_limit(0.2):
            time.sleep(60)
    with time_limit(0.2):
        pass
    time.sleep(0.5)  # a timer left running would interrupt this sleep
    with time_limit(None):
        pass


def test_without_a_server_the_turn_comes_at_once_with_no_limit(monkeypatch):
    monkeypatch.delenv(QUEUE_VARIABLE, raising=False)
    monkeypatch.setenv(CELL_TIMEOUT_VARIABLE, "0.01")  # would interrupt, if a limit applied
    ran = []
    with warm_up_turn():
        time.sleep(0.2)
        ran.append(True)
    assert ran == [True]


def test_default_slots_leave_half_the_cores():
    assert [default_slots(n) for n in (1, 2, 3, 4, 16)] == [1, 1, 1, 2, 8]
    with pytest.raises(ValueError):
        with turn(Path("/nonexistent-never-made"), slots=0):
            pass


def test_queue_module_needs_only_the_standard_library():
    """The turn is taken before the heavy imports: importing the queue must not pull them in."""
    code = ("import sys, vigie.preheat_queue\n"
            "heavy = {'pandas', 'numpy', 'ipywidgets', 'plotly', 'scipy', 'pyarrow', 'voila'} & set(sys.modules)\n"
            "print(sorted(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
