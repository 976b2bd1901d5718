"""Several Python threads share materials safely, and the engine runs without the GIL."""

import os
import signal
import subprocess
import sys
import threading
import time

import numpy as np
import pytest

import brouwer


def test_threads_give_the_sequential_numbers():
    m = brouwer.Material("lscf6428")
    temperatures = [900.0 + 10 * k for k in range(8)]
    expected = {T: m.solve(T=T, pO2=1e-5) for T in temperatures}
    sweep = m.sweep(T="900:1100:3", pO2="1e-20:1:41", frame=False).to_numpy()
    failures = []

    def work(k):
        try:
            for _ in range(20):
                for T in temperatures[k:] + temperatures[:k]:
                    s = m.solve(T=T, pO2=1e-5)
                    assert all(s[c] == expected[T][c] or (s[c] != s[c] and expected[T][c] != expected[T][c]) for c in s)
            again = m.sweep(T="900:1100:3", pO2="1e-20:1:41", frame=False, threads=1).to_numpy()
            assert np.array_equal(again, sweep, equal_nan=True)
        except Exception as exc:  # reported in the main thread
            failures.append(exc)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not failures, failures


def test_a_second_thread_runs_during_a_long_sweep():
    m = brouwer.Material("gdc10")
    count = 0
    running = True

    def spin():
        nonlocal count
        while running:
            count += 1

    t = threading.Thread(target=spin)
    t.start()
    time.sleep(0.05)
    before = count
    started = time.perf_counter()
    m.sweep(T="600:1400:20", pO2="1e-30:1:10000", columns="T_K,pO2_atm,delta", frame=False, chunk=10**9)  # one C call
    elapsed = time.perf_counter() - started
    during = count - before
    running = False
    t.join()
    assert elapsed > 0.05 and during > 10000, (elapsed, during)


def test_a_sweep_can_be_cancelled_from_another_thread():
    m = brouwer.Material("gdc10")
    stop = threading.Event()
    threading.Timer(0.1, stop.set).start()
    started = time.perf_counter()
    with pytest.raises(brouwer.BrouwerError, match="interrupted"):
        m.sweep(T="600:1400:200", pO2="1e-30:1:10000", columns="T_K,delta", frame=False, cancel=stop, chunk=10**9)
    assert time.perf_counter() - started < 1.5


def test_ctrl_c_stops_a_long_sweep():
    script = ("import brouwer, sys\nm = brouwer.Material('gdc10')\nprint('go', flush=True)\n"
              "m.sweep(T='600:1400:400', pO2='1e-30:1:10000', columns='T_K,delta', frame=False)\nprint('finished')\n")
    p = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         env=os.environ.copy())
    assert p.stdout.readline().strip() == "go"
    time.sleep(0.3)
    started = time.perf_counter()
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=20)
    assert "KeyboardInterrupt" in err and "finished" not in out
    assert time.perf_counter() - started < 2.0
