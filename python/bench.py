"""Benchmark (not a test): the cost of the Python layer over the engine.

    python python/bench.py --cli PATH/TO/brouwer [--material gdc10]

1. A 10^6-point sweep (100 temperatures × 10^4 pO2, every column) through `Material.sweep` (numpy arrays, and
   a DataFrame where pandas is installed) against the same sweep by the command line writing CSV to /dev/null;
   best of 3 each.
2. 10^4 single-state `Material.solve` calls (cold start each, as `brouwer solve`): calls per second.
"""

import argparse
import os
import subprocess
import time

import brouwer


def best(f, repeat=3):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return min(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cli", required=True, help="the brouwer command line to compare with")
    parser.add_argument("--material", default="gdc10")
    parser.add_argument("--repeat", type=int, default=3)
    a = parser.parse_args()
    m = brouwer.Material(a.material)
    grid = {"T": "600:1400:100", "pO2": "1e-30:1:10000"}
    extra = {p: "0.023" for p in m.pressures if p != "pO2"}
    args = ["sweep", a.material, "--T", grid["T"], "--pO2", grid["pO2"], "--quiet"]
    for p, v in extra.items():
        args += [f"--{p}", v]
    with open(os.devnull, "w") as null:
        cli = best(lambda: subprocess.run([a.cli, *args], stdout=null, check=False), a.repeat)
    import warnings
    warnings.simplefilter("ignore", brouwer.BrouwerWarning)
    result = {}
    py = best(lambda: result.update(r=m.sweep(**grid, **extra, frame=False)), a.repeat)
    points = len(result["r"]["T_K"])
    frame = None
    try:
        import pandas  # noqa: F401
        frame = best(lambda: m.sweep(**grid, **extra, frame=True), a.repeat)
    except ImportError:
        pass
    print(f"sweep of {points} points x {len(result['r'])} columns ({a.material}, {os.cpu_count()} cores):")
    print(f"  CLI to /dev/null   {cli:.3f} s  ({points / cli / 1e6:.2f} M points/s)")
    print(f"  Python (numpy)     {py:.3f} s  ({points / py / 1e6:.2f} M points/s)")
    print(f"  Python / CLI       {py / cli:.3f}  ({100 * (py / cli - 1):+.1f} %)")
    if frame is not None:
        print(f"  Python (pandas)    {frame:.3f} s  ({100 * (frame / cli - 1):+.1f} % against the CLI)")
    T = sum(m.validity.get("T_K", (1073.15, 1073.15))) / 2
    pressures = {p: (1e-12 if p == "pO2" else 0.023) for p in m.pressures}
    m.solve(T=T, **pressures)
    n = 10_000

    def solves():
        for k in range(n):
            m.solve(T=T + 1e-3 * k, **pressures)

    s = best(solves, a.repeat)
    print(f"{n} single-state solve calls: {s:.3f} s, {n / s:,.0f} per second")


if __name__ == "__main__":
    main()
