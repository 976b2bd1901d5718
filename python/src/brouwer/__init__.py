"""brouwer — point-defect equilibria of mixed ionic–electronic conductors, from Python.

    import brouwer
    gdc = brouwer.Material("gdc10")
    df = gdc.sweep(T="800C", pO2="1e-30:1:31")          # pandas DataFrame (or dict of numpy arrays)
    s = gdc.solve(T=1073.15, pO2=1e-20)                  # one state: column -> value

The numbers are those of the `brouwer` command line, bit for bit (the same engine, libBrouwerC.so); errors
raise BrouwerError with the command line's message.
"""

from ._lib import BrouwerError
from .material import BrouwerWarning, FitResult, Material, State, SweepResult, builtin_materials

__all__ = ["BrouwerError", "BrouwerWarning", "FitResult", "Material", "State", "SweepResult", "builtin_materials"]

try:
    from importlib.metadata import version as _version

    __version__ = _version("brouwer")
except Exception:  # not installed (BROUWER_LIBRARY / source checkout)
    __version__ = "0+unknown"
