"""matplotlib helpers (optional dependency): a Brouwer diagram, and any sweep column against another.

    import brouwer, brouwer.plot
    ax = brouwer.plot.brouwer_diagram(brouwer.Material("gdc10"), T="800C")
"""

import numpy as np

from .material import Material


def _axes(ax):
    if ax is not None:
        return ax
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("brouwer.plot needs matplotlib (pip install matplotlib)") from exc
    return plt.figure(figsize=(6, 4.5)).gca()


def _column(result, name):
    values = result[name]
    return np.asarray(values.to_numpy() if hasattr(values, "to_numpy") else values, dtype=float)


def brouwer_diagram(material, T, pO2="1e-30:1:121", *, species=None, pH2O=None, pH2=None, set=None, units="fu",
                    ax=None, minimum=1e-12):
    """log10 of the species' concentrations against log10 pO2 at one temperature (a Brouwer diagram).
    `species` selects labels (default: every species that reaches `minimum` somewhere); unconverged points are
    gaps. Returns the matplotlib Axes."""
    if not isinstance(material, Material):
        material = Material(material)
    names = list(species) if species is not None else material.species
    result = material.sweep(T=T, pO2=pO2, pH2O=pH2O, pH2=pH2, set=set, units=units, frame=False,
                            columns=["pO2_atm"] + names + ["converged"])
    ax = _axes(ax)
    x = np.log10(_column(result, "pO2_atm"))
    for name in names:
        c = _column(result, name)
        if species is None and not np.nanmax(np.where(np.isfinite(c), c, np.nan), initial=0) >= minimum:
            continue
        with np.errstate(divide="ignore", invalid="ignore"):
            ax.plot(x, np.log10(np.where(c > 0, c, np.nan)), label=f"[{name}]")
    unit = {"fu": "per formula unit", "site": "site fraction", "cm3": "cm$^{-3}$"}.get(units, units)
    ax.set_xlabel("log$_{10}$ pO$_2$ / atm")
    ax.set_ylabel(f"log$_{{10}}$ c ({unit})")
    ax.set_title(f"{material.name} at T = {T} K" if not isinstance(T, str) else f"{material.name} at T = {T}")
    ax.legend(fontsize="small", ncol=2)
    return ax


def plot_sweep(result, x, y, *, ax=None, logx=None, logy=None, label=None):
    """Column `y` (a name or a list) against column `x` of a sweep (DataFrame or SweepResult); pressures and
    conductivities on log axes unless `logx`/`logy` say otherwise. Returns the Axes."""
    ax = _axes(ax)
    xs = _column(result, x)
    for name in [y] if isinstance(y, str) else list(y):
        ax.plot(xs, _column(result, name), label=label or name)
    if logx if logx is not None else x.endswith("_atm"):
        ax.set_xscale("log")
    if logy if logy is not None else (isinstance(y, str) and ("sigma" in y or y.endswith("_atm"))):
        ax.set_yscale("log")
    ax.set_xlabel(x)
    ax.set_ylabel(y if isinstance(y, str) else ", ".join(y))
    if not isinstance(y, str):
        ax.legend(fontsize="small")
    return ax
