"""`brouwer.Material`: a material file loaded into the engine, and what can be computed from it."""

import ctypes
import html
import json
import threading
import warnings
from ctypes import POINTER, byref, c_double, c_int32, c_size_t, c_void_p
from pathlib import Path

import numpy as np

from . import _lib
from ._lib import BrouwerError

#: Columns holding a flag (1/0 in the engine's arrays; booleans here).
FLAG_COLUMNS = ("converged", "in_validity")


class BrouwerWarning(UserWarning):
    """A warning the brouwer command line prints (validity range, unconverged points, …)."""


def _condition_text(value):
    """A condition or override value as the command line's text: numbers shortest round-trip (exact),
    sequences as lists `a,b,c`, strings (`800C`, `1e-30:1:31`) unchanged."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if np.ndim(value) == 0:
        return repr(float(value))
    return ",".join(repr(float(v)) for v in np.ravel(value))


def _columns_text(columns):
    if columns is None:
        return None
    if isinstance(columns, str):
        return columns
    return ",".join(columns)


class State(dict):
    """One solved state: column name → value (NaN where the CLI's field is empty), with `converged` (bool)
    and `residual`."""

    @property
    def converged(self):
        return bool(self["converged"])

    @property
    def residual(self):
        return self["residual"]


class SweepResult(dict):
    """A sweep without pandas: column name → numpy array (flags as booleans), in the CLI's column order."""

    @property
    def converged(self):
        return self["converged"]

    def to_numpy(self):
        return np.column_stack([np.asarray(v, dtype=float) for v in self.values()])


class FitResult:
    """A fit's report (the statistics of `brouwer fit`): `values`, `standard_errors` (dicts by parameter
    name), `chi_squared`, `degrees_of_freedom`, `reduced_chi_squared`, `chi_squared_probability`,
    `covariance_scaling` (how the standard errors were obtained), `warnings` (the one-line warnings of `brouwer
    fit`), `verdict` ("ok", "not_identifiable", "at_bound", "not_converged"), `rms`, `correlation` (p × p
    array), `converged`, and per point `measured`, `fitted`, `residual`; `report` is the whole JSON report."""

    def __init__(self, report):
        self.report = report
        names = [p["name"] for p in report["parameters"]]
        self.names = names
        self.values = {p["name"]: p["value"] for p in report["parameters"]}
        self.standard_errors = {p["name"]: p["standard_error"] for p in report["parameters"]}
        self.units = {p["name"]: p["unit"] for p in report["parameters"]}
        self.chi_squared = report["chi_squared"]
        self.degrees_of_freedom = report["degrees_of_freedom"]
        self.rms = report["rms"]
        self.reduced_chi_squared = report["reduced_chi_squared"]
        self.chi_squared_probability = report.get("chi_squared_probability")  # none without stated uncertainties
        self.covariance_scaling = report["covariance_scaling"]
        self.warnings = list(report["warnings"])
        self.verdict = report["verdict"]
        self.converged = report["converged"]
        self.correlation = np.array(report["correlation"], dtype=float).reshape(len(names), len(names))
        self.measured = np.array(report["measured"], dtype=float)
        self.fitted = np.array(report["fitted"], dtype=float)
        self.residual = np.array(report["residual"], dtype=float)
        self.material_yaml = report.get("material_yaml")

    def material(self):
        """The material with the fitted values and a `fit:` block holding their covariance, as `brouwer fit
        --output-material` writes it: its `sweep(..., band=0.95)` gives confidence bands. Only for a usable fit
        (verdict "ok")."""
        if self.material_yaml is None:
            raise BrouwerError(f"the fit is not usable ({self.verdict}): no fitted material")
        return Material.from_yaml(self.material_yaml)

    def write_material(self, path):
        """Writes `material()`'s YAML to `path` (what `--output-material FILE.yaml` writes)."""
        if self.material_yaml is None:
            raise BrouwerError(f"the fit is not usable ({self.verdict}): no fitted material")
        Path(path).write_text(self.material_yaml, encoding="utf-8")

    def __repr__(self):
        parts = ", ".join(f"{n}={self.values[n]:.6g} ± {self.standard_errors[n]:.2g}" for n in self.names)
        return (f"FitResult({parts}; chi2={self.chi_squared:.4g} on {self.degrees_of_freedom} dof, "
                f"{self.covariance_scaling}, {self.verdict})")


class _Handle:
    """Owns one C handle and frees it once."""

    def __init__(self, pointer, free):
        self.pointer = pointer
        self._free = free

    def __del__(self):
        if self.pointer and _lib is not None:
            self._free(self.pointer)
            self.pointer = None


def _pandas():
    try:
        import pandas
    except ImportError:
        return None
    return pandas


class Material:
    """A material: `Material("gdc10")` (built-in), `Material("my.yaml")` (a file), `Material.from_yaml(text)`.

    A Material is immutable and may be shared between threads; `set` and `anneal` return new ones."""

    def __init__(self, name_or_path=None, *, _pointer=None):
        if _pointer is None:
            if name_or_path is None:
                raise TypeError("Material(name_or_path): name a built-in material or a YAML file")
            pointer = c_void_p()
            error = c_void_p()
            _lib.check(_lib.material_load(_lib.encode(str(name_or_path)), byref(pointer), byref(error)), error)
            _pointer = pointer.value
        self._handle = _Handle(_pointer, _lib.material_free)
        self._info = json.loads(_lib.take(_lib.material_info(self._handle.pointer)))
        self._local = threading.local()

    @classmethod
    def from_file(cls, path):
        """A material file (YAML)."""
        return cls(str(Path(path)) if "/" in str(path) else "./" + str(path))

    @classmethod
    def from_yaml(cls, text, source=None):
        """A material from YAML text; `source` names it in messages (default "<string>")."""
        pointer = c_void_p()
        error = c_void_p()
        _lib.check(_lib.material_from_yaml(_lib.encode(text), _lib.encode(source), byref(pointer), byref(error)), error)
        return cls(_pointer=pointer.value)

    # --- what the material is -----------------------------------------------------------------------------
    name = property(lambda self: self._info["name"])
    formula = property(lambda self: self._info["formula"])
    family = property(lambda self: self._info["family"])
    species = property(lambda self: list(self._info["species"]))
    pressures = property(lambda self: list(self._info["pressures"]), doc="Gas pressures the material exchanges.")
    columns = property(lambda self: list(self._info["columns"]), doc="Columns a sweep offers (`columns=`).")
    validity = property(lambda self: {k: tuple(v) for k, v in self._info["validity"].items()})
    references = property(lambda self: list(self._info["references"]))
    overrides = property(lambda self: list(self._info["overrides"]), doc="The `set` overrides applied.")
    quench = property(lambda self: self._info.get("quench"), doc="The anneal-and-quench note, or None.")

    def show(self):
        """The YAML text of the material (what `brouwer show` prints for a built-in)."""
        return _lib.take(_lib.material_yaml(self._handle.pointer))

    def check(self):
        """The equations the engine solves (what `brouwer check` prints)."""
        return _lib.take(_lib.material_equations(self._handle.pointer))

    def __repr__(self):
        extra = f", set {self.overrides}" if self.overrides else ""
        extra += ", quenched" if self.quench else ""
        return f"<brouwer.Material {self.name} ({self.formula}){extra}>"

    def _repr_html_(self):
        e = html.escape
        rows = [("formula", self.formula), ("family", self.family), ("species", ", ".join(self.species)),
                ("pressures", ", ".join(self.pressures) or "—")]
        rows += [(f"validity {k}", f"{lo:g} – {hi:g}") for k, (lo, hi) in self.validity.items()]
        if self.overrides:
            rows.append(("set", "; ".join(self.overrides)))
        if self.quench:
            rows.append(("quench", self.quench))
        rows += [("reference", r) for r in self.references]
        body = "".join(f"<tr><th style='text-align:left'>{e(k)}</th><td style='text-align:left'>{e(str(v))}</td></tr>"
                       for k, v in rows)
        return f"<div><b>brouwer material {e(self.name)}</b><table>{body}</table></div>"

    # --- new materials --------------------------------------------------------------------------------------
    def set(self, *assignments, **parameters):
        """A new material with parameters overridden as `--set` does: `m.set({"Gd_Ce'": 0.2})`,
        `m.set("reduction.dH=4.1eV")`, or keywords for plain names. Values are numbers or text with units."""
        texts = []
        for a in assignments:
            if isinstance(a, dict):
                texts += [f"{k}={_condition_text(v)}" for k, v in a.items()]
            else:
                texts.append(str(a))
        texts += [f"{k}={_condition_text(v)}" for k, v in parameters.items()]
        pointer = c_void_p()
        error = c_void_p()
        _lib.check(_lib.material_set(self._handle.pointer, _lib.encode("\n".join(texts)), byref(pointer), byref(error)), error)
        return Material(_pointer=pointer.value)

    def anneal(self, T, pO2=None, pH2O=None, frozen=None):
        """Anneal-and-quench (`--anneal T,pO2[,pH2O]`, `--frozen`): equilibrate at the anneal state, freeze the
        oxygen (and water) content — or the species named in `frozen` — and return the quenched material."""
        parts = [_condition_text(T)] + [_condition_text(p) for p in (pO2, pH2O) if p is not None]
        frozen_text = None if frozen is None else (frozen if isinstance(frozen, str) else ",".join(frozen))
        pointer = c_void_p()
        note = c_void_p()
        error = c_void_p()
        _lib.check(_lib.material_anneal(self._handle.pointer, _lib.encode(",".join(parts)), _lib.encode(frozen_text),
                                        byref(pointer), byref(note), byref(error)), error)
        _lib.take(note.value)
        return Material(_pointer=pointer.value)

    # --- one state ------------------------------------------------------------------------------------------
    def _solver(self, columns, slopes, units):
        """This thread's solver for these columns (made once): its handle, headers, pressure names, and the
        buffers of its calls (reused: a solve allocates nothing in ctypes)."""
        key = (columns, bool(slopes), units)
        cache = getattr(self._local, "solvers", None)
        if cache is None:
            cache = self._local.solvers = {}
        solver = cache.get(key)
        if solver is None:
            pointer = c_void_p()
            error = c_void_p()
            _lib.check(_lib.solver_new(self._handle.pointer, _lib.encode(columns), int(bool(slopes)), _lib.encode(units),
                                       byref(pointer), byref(error)), error)
            handle = _Handle(pointer.value, _lib.solver_free)
            headers = _lib.take(_lib.solver_headers(handle.pointer)).split("\n")
            names = tuple(n for n in (_lib.take(_lib.solver_conditions(handle.pointer)) or "").split("\n") if n)
            n = len(headers)
            flags = tuple((k, headers[k]) for k, h in enumerate(headers) if h in FLAG_COLUMNS)
            pressures = (c_double * max(1, len(names)))()
            error = c_void_p()
            solver = cache[key] = (handle, headers, names, (c_double * n)(), n, flags, pressures, error, byref(error))
        return solver

    def solve(self, T, pO2=None, pH2O=None, pH2=None, *, columns=None, slopes=False, units="fu"):
        """One equilibrium state, as `brouwer solve --format csv`: a `State` (column → value). T in K (a
        number) or text ("800C"); pressures in atm. An unconverged state has converged=False, NaN values and
        its residual (no exception), as the CLI's row. For speed no validity warning is given: the
        `in_validity` column says whether the state lies in the material's validity box."""
        if columns is not None and not isinstance(columns, str):
            columns = ",".join(columns)
        handle, headers, names, out, n, flags, pressures, error, error_ref = self._solver(columns, slopes, units)
        for k, name in enumerate(names):
            value = pO2 if name == "pO2" else pH2O if name == "pH2O" else pH2 if name == "pH2" else None
            if value is None:  # the engine's message for the missing condition
                self.sweep(T=T, pO2=pO2, pH2O=pH2O, pH2=pH2, frame=False)
            pressures[k] = value if not isinstance(value, str) else _parse(name, value)
        if (pH2O is not None and "pH2O" not in names) or (pH2 is not None and "pH2" not in names):
            for name, value in (("pH2O", pH2O), ("pH2", pH2)):
                if value is not None and name not in names:
                    warnings.warn(f"--{name} ignored: {self.name} exchanges no {name[1:]}(g)", BrouwerWarning, stacklevel=2)
        status = _lib.solver_solve(handle.pointer, T if not isinstance(T, str) else _parse("T", T), pressures, len(names),
                                   out, n, error_ref)
        if status > _lib.UNCONVERGED:
            _lib.check(status, error)
        state = State(zip(headers, out[:]))
        for k, h in flags:
            state[h] = out[k] != 0
        return state

    # --- sweeps ---------------------------------------------------------------------------------------------
    def sweep(self, T, pO2=None, pH2O=None, pH2=None, *, set=None, columns=None, slopes=False, units="fu",
              threads=0, frame=None, chunk=65536, cancel=None, band=None):
        """A grid of states, as `brouwer sweep`: T, pressures and `set` values as numbers, sequences (lists) or
        the CLI's text ("600:1400:9", "1e-30:1:31"); T outer, pO2 inner. Returns a pandas DataFrame when pandas
        is installed (or `frame=True`), else a `SweepResult` (column → numpy array); `frame=False` forces the
        latter. Rows that did not converge have converged=False and NaN values (a BrouwerWarning says how many).
        The engine runs without the GIL in chunks of about `chunk` points; Ctrl-C stops it between chunks, and
        `cancel` (a `threading.Event`) stops it from another thread (BrouwerError "interrupted").
        `band` (a confidence level, e.g. 0.95) adds COLUMN_lower and COLUMN_upper after each quantity, as
        `brouwer sweep --band`: the delta-method band from the material's fit: block (written by
        `brouwer fit --output-material`)."""
        if set is None:
            overrides = []
        elif isinstance(set, dict):
            overrides = [f"{k}={_condition_text(v)}" for k, v in set.items()]
        elif isinstance(set, str):
            overrides = [set]
        else:
            overrides = list(set)
        pointer = c_void_p()
        notes = c_void_p()
        error = c_void_p()
        e = _lib.encode
        _lib.check(_lib.sweep_new(self._handle.pointer, e(_condition_text(T)), e(_condition_text(pO2)),
                                  e(_condition_text(pH2O)), e(_condition_text(pH2)), e("\n".join(overrides)),
                                  e(_columns_text(columns)), int(bool(slopes)), e(units), int(threads),
                                  byref(pointer), byref(notes), byref(error)), error)
        handle = _Handle(pointer.value, _lib.sweep_free)
        for line in (_lib.take(notes.value) or "").split("\n"):
            if line:
                warnings.warn(line, BrouwerWarning, stacklevel=2)
        values, headers, unconverged = _run_sweep(handle, chunk, cancel)
        if band is not None:
            values, headers = _add_band(handle, values, headers, band)
        for line in (_lib.take(_lib.sweep_warnings(handle.pointer)) or "").split("\n"):
            if line:
                warnings.warn(line, BrouwerWarning, stacklevel=2)
        if unconverged:
            warnings.warn(f"{unconverged} of {len(values)} points did not converge or have a value that cannot be represented "
                          "(rows with converged=False)", BrouwerWarning, stacklevel=2)
        pandas = _pandas() if frame is not False else None
        if frame and pandas is None:
            raise ImportError("frame=True needs pandas")
        if pandas is not None:
            df = pandas.DataFrame(values, columns=headers, copy=False)
            for k, h in enumerate(headers):
                if h in FLAG_COLUMNS:
                    df[h] = values[:, k] != 0
            return df
        result = SweepResult()
        for k, h in enumerate(headers):
            result[h] = values[:, k] != 0 if h in FLAG_COLUMNS else values[:, k]
        return result

    # --- fits -----------------------------------------------------------------------------------------------
    def fit(self, data, params, *, observable=None, uncertainty=None, residuals="auto", units="fu",
            T=None, pO2=None, pH2O=None, anneal=None, frozen=None):
        """Least-squares fit as `brouwer fit`: `data` is a CSV path, CSV text, a pandas DataFrame or a dict of
        columns (the CLI's column names: T_K or T_C, pO2_atm or log10_pO2_atm, the observable, NAME_err);
        `params` names the parameters ("Gd_Ce'", "reduction.dH=4.0eV", or a list). Returns a `FitResult` with
        the CLI's statistics; a fit that does not converge or leaves a parameter undetermined warns. `anneal`
        (a dict T=, pO2=, pH2O= or the text "T,pO2") and `frozen` anneal and quench every trial model, as
        `--anneal`, `--frozen`."""
        source = "<data>"
        if hasattr(data, "to_csv"):
            text = data.to_csv(index=False, float_format=repr)
        elif isinstance(data, dict):
            keys = list(data)
            cols = [np.ravel(data[k]) for k in keys]
            text = ",".join(keys) + "\n" + "".join(",".join(repr(float(c[i])) for c in cols) + "\n" for i in range(len(cols[0])))
        elif isinstance(data, Path) or (isinstance(data, str) and "\n" not in data):
            source = str(data)
            try:
                text = Path(data).read_text(encoding="utf-8")
            except OSError as exc:
                raise BrouwerError(f"--data \"{data}\": {exc.strerror or exc}") from None
        else:
            text = str(data)
        names = [params] if isinstance(params, str) else list(params)
        if isinstance(anneal, dict):
            anneal = ",".join(_condition_text(anneal[k]) for k in ("T", "pO2", "pH2O") if anneal.get(k) is not None)
        frozen_text = None if frozen is None else (frozen if isinstance(frozen, str) else ",".join(frozen))
        report = c_void_p()
        error = c_void_p()
        e = _lib.encode
        status = _lib.fit(self._handle.pointer, e(text), e(source), e("\n".join(names)), e(observable), e(uncertainty),
                          e(residuals), e(units), e(_condition_text(T)), e(_condition_text(pO2)), e(_condition_text(pH2O)),
                          e(anneal), e(frozen_text), byref(report), byref(error))
        _lib.check(status, error, (_lib.OK, _lib.UNCONVERGED))
        result = FitResult(json.loads(_lib.take(report.value)))
        for line in result.warnings:
            warnings.warn(line, BrouwerWarning, stacklevel=2)
        if status == _lib.UNCONVERGED:
            undetermined = [p["name"] for p in result.report["parameters"] if not p["determined"]]
            why = f"these data do not determine {', '.join(undetermined)}" if undetermined else \
                f"the fit did not converge ({result.report['reason']}); the values are the last iterate"
            warnings.warn(why, BrouwerWarning, stacklevel=2)
        return result


def _parse(name, text):
    value = c_double()
    error = c_void_p()
    _lib.check(_lib.parse_condition(_lib.encode(name), _lib.encode(text), byref(value), byref(error)), error)
    return value.value


def _add_band(handle, values, headers, level):
    """`values` with each banded column followed by its _lower and _upper columns (brouwer_sweep_band)."""
    points, columns = values.shape
    lower = np.empty_like(values)
    upper = np.empty_like(values)
    banded = (c_int32 * max(columns, 1))()
    notes = c_void_p()
    error = c_void_p()
    data = np.ascontiguousarray(values)
    as_doubles = lambda a: a.ctypes.data_as(POINTER(c_double))
    _lib.check(_lib.sweep_band(handle.pointer, float(level), as_doubles(data), points * columns, as_doubles(lower),
                               as_doubles(upper), banded, byref(notes), byref(error)), error)
    for line in (_lib.take(notes.value) or "").split("\n"):
        if line:
            warnings.warn(line, BrouwerWarning, stacklevel=3)
    blocks, names = [], []
    for k, h in enumerate(headers):
        blocks.append(values[:, k:k + 1])
        names.append(h)
        if banded[k]:
            blocks += [lower[:, k:k + 1], upper[:, k:k + 1]]
            names += [h + "_lower", h + "_upper"]
    return np.hstack(blocks) if blocks else values, names


def _run_sweep(handle, chunk, cancel):
    points = _lib.sweep_point_count(handle.pointer)
    columns = _lib.sweep_column_count(handle.pointer)
    headers = _lib.take(_lib.sweep_headers(handle.pointer)).split("\n")
    line = max(1, _lib.sweep_line_length(handle.pointer))
    step = max(1, int(chunk) // line) * line  # whole lines: no segment is solved twice
    values = np.empty((points, columns), dtype=np.float64)
    flag = c_int32(0)
    stop = None
    if cancel is not None:
        def watch():
            cancel.wait()
            flag.value = 1
        stop = threading.Thread(target=watch, daemon=True)
        stop.start()
    unconverged = 0
    bad = c_size_t(0)
    first = 0
    base = values.ctypes.data
    while first < points:
        count = min(step, points - first)
        error = c_void_p()
        out = ctypes.cast(base + first * columns * 8, POINTER(c_double))
        status = _lib.sweep_run(handle.pointer, first, count, out, count * columns, byref(flag), byref(bad), byref(error))
        _lib.check(status, error)  # INTERRUPTED raises "interrupted"
        unconverged += bad.value
        first += count
    return values, headers, unconverged


def builtin_materials():
    """The names of the built-in materials."""
    return _lib.take(_lib.builtin_names()).split("\n")
