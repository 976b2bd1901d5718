"""The engine through Python gives the command line's numbers, bit for bit, for every built-in material."""

import math

import numpy as np
import pytest

import brouwer
from conftest import read_csv, same_field

BUILTINS = brouwer.builtin_materials()


def conditions(material):
    """A small grid every built-in accepts: 3 temperatures inside its validity range, 7 pO2, pH2O if needed."""
    lo, hi = material.validity.get("T_K", (600.0, 1400.0))
    args = {"T": f"{lo}:{hi}:3", "pO2": "1e-25:1:7"}
    cli = ["--T", args["T"], "--pO2", args["pO2"]]
    for name in material.pressures:
        if name != "pO2":
            args[name] = "0.023"
            cli += [f"--{name}", "0.023"]
    return args, cli


def test_the_builtins_are_listed(cli):
    names = [line.split()[0] for line in cli("materials").stdout.splitlines()[1:]]
    assert sorted(names) == sorted(BUILTINS) and len(BUILTINS) >= 10


@pytest.mark.parametrize("name", BUILTINS)
def test_sweep_with_slopes_equals_the_cli_bit_for_bit(cli, name):
    m = brouwer.Material(name)
    args, cli_args = conditions(m)
    header, rows = read_csv(cli("sweep", name, *cli_args, "--slopes", "--quiet").stdout)
    result = m.sweep(**args, slopes=True, frame=False)
    assert list(result) == header
    assert len(rows) == len(result["T_K"]) > 0
    for k, column in enumerate(header):
        for r, row in enumerate(rows):
            assert same_field(row[k], result[column][r]), (name, column, r, row[k], result[column][r])


@pytest.mark.parametrize("name", BUILTINS)
def test_solve_equals_solve_format_csv(cli, name):
    m = brouwer.Material(name)
    lo, hi = m.validity.get("T_K", (600.0, 1400.0))
    T = (lo + hi) / 2
    pressures = {p: (1e-12 if p == "pO2" else 0.023) for p in m.pressures}
    cli_args = ["--T", repr(T)] + [a for p, v in pressures.items() for a in (f"--{p}", repr(v))]
    header, rows = read_csv(cli("solve", name, *cli_args, "--format", "csv", "--slopes").stdout)
    state = m.solve(T=T, **pressures, slopes=True)
    assert list(state) == header
    for k, column in enumerate(header):
        assert same_field(rows[0][k], state[column]), (name, column, rows[0][k], state[column])


def test_texts_and_numbers_give_the_same_grid():
    m = brouwer.Material("gdc10")
    a = m.sweep(T="800C", pO2="1e-20:1e-10:11", frame=False)
    b = m.sweep(T=1073.15, pO2=np.logspace(-20, -10, 11), frame=False)
    assert np.array_equal(a["T_K"], b["T_K"])
    s = m.solve(T="800C", pO2=1e-15)
    assert s["T_K"] == 1073.15


def test_set_range_columns_units_and_anneal_equal_the_cli(cli):
    m = brouwer.Material("gdc20")
    cols = "T_K,pO2_atm,Gd_Ce',V_O..,delta,sigma_ion_S_cm,dlnc_dlnpO2_Ce_Ce',converged"
    cli_args = ["--T", "700:900:3", "--pO2", "1e-22:1e-5:5", "--set", "Gd_Ce'=0.1:0.3:3", "--set", "reduction.dH=4.2eV",
                "--columns", cols, "--units", "site", "--quiet"]
    header, rows = read_csv(cli("sweep", "gdc20", *cli_args).stdout)
    result = m.sweep(T="700:900:3", pO2="1e-22:1e-5:5", set={"Gd_Ce'": "0.1:0.3:3", "reduction.dH": "4.2eV"},
                     columns=cols, units="site", frame=False)
    assert list(result) == header
    for k, column in enumerate(header):
        for r, row in enumerate(rows):
            assert same_field(row[k], result[column][r]), (column, r)
    # set() then sweep is the same model as --set
    fixed = m.set({"reduction.dH": "4.2eV"}).set("Gd_Ce'=0.2")
    header, rows = read_csv(cli("sweep", "gdc20", "--T", "800", "--pO2", "1e-20,1e-10", "--set", "Gd_Ce'=0.2",
                                "--set", "reduction.dH=4.2eV", "--quiet").stdout)
    result = fixed.sweep(T=800, pO2=[1e-20, 1e-10], frame=False)
    for k, column in enumerate(header):
        for r, row in enumerate(rows):
            assert same_field(row[k], result[column][r]), (column, r)
    # anneal-and-quench
    q = m.anneal(T="1400C", pO2=0.21)
    assert q.quench.startswith("annealed at 1673.15 K")
    header, rows = read_csv(cli("sweep", "gdc20", "--T", "500C", "--pO2", "1e-20,1e-10,0.21", "--anneal", "1400C,0.21",
                                "--quiet").stdout)
    result = q.sweep(T="500C", pO2=[1e-20, 1e-10, 0.21], frame=False)
    for k, column in enumerate(header):
        for r, row in enumerate(rows):
            assert same_field(row[k], result[column][r]), (column, r)


def test_fit_has_the_statistics_of_brouwer_fit(cli):
    import json
    data = cli("sweep", "gdc10", "--set", "Gd_Ce'=0.13", "--T", "800C", "--pO2", "1e-24:1e-10:8",
               "--columns", "T_K,pO2_atm,delta", "--quiet").stdout
    # perturb the data so that χ² is not zero
    lines = data.splitlines()
    noisy = [lines[0]] + [",".join(l.split(",")[:2] + [repr(float(l.split(",")[2]) * (1 + 0.01 * (-1) ** i))])
                          for i, l in enumerate(lines[1:])]
    text = "\n".join(noisy) + "\n"
    expected = json.loads(cli("fit", "gdc10", "--data", "-", "--fit", "Gd_Ce'", "--fit", "reduction.dH",
                              "--format", "json", stdin=text).stdout)
    got = brouwer.Material("gdc10").fit(text, ["Gd_Ce'", "reduction.dH"])
    assert got.chi_squared == expected["chi_squared"] and got.rms == expected["rms"]
    assert got.degrees_of_freedom == expected["degrees_of_freedom"] == 6
    for key in ("reduced_chi_squared", "chi_squared_probability", "covariance_scaling", "verdict", "warnings"):
        assert getattr(got, key) == expected[key], key
    for p in expected["parameters"]:
        assert got.values[p["name"]] == p["value"]
        assert got.standard_errors[p["name"]] == p["standard_error"]
    assert abs(got.values["Gd_Ce'"] - 0.13) < 0.01 and got.converged
    assert got.correlation.shape == (2, 2) and math.isclose(got.correlation[0, 0], 1.0)
    # a DataFrame-like dict of columns gives the same fit
    cols = {h: [float(l.split(",")[k]) for l in noisy[1:]] for k, h in enumerate(noisy[0].split(","))}
    again = brouwer.Material("gdc10").fit(cols, ["Gd_Ce'", "reduction.dH"])
    assert again.values == got.values


def test_fit_with_anneal_has_the_statistics_of_brouwer_fit(cli):
    import json
    # σ_ion of gdc20 quenched from 1400 °C in air, measured at 500–700 °C: fit the association enthalpy
    data = cli("sweep", "gdc20", "--T", "500C,550C,600C,650C,700C", "--pO2", "0.21", "--anneal", "1400C,0.21",
               "--columns", "T_K,pO2_atm,sigma_ion_S_cm", "--quiet").stdout
    lines = data.splitlines()
    noisy = [lines[0]] + [",".join(l.split(",")[:2] + [repr(float(l.split(",")[2]) * (1 + 0.02 * (-1) ** i))])
                          for i, l in enumerate(lines[1:])]
    text = "\n".join(noisy) + "\n"
    m = brouwer.Material("gdc20")
    name = next(p for p in ("association.dH", "pairing.dH") if p.split(".")[0] in m.check())
    expected = json.loads(cli("fit", "gdc20", "--data", "-", "--fit", name, "--anneal", "1400C,0.21", "--format", "json",
                              stdin=text).stdout)
    got = m.fit(text, [name], anneal={"T": "1400C", "pO2": 0.21})
    assert got.values[name] == expected["parameters"][0]["value"]
    assert got.standard_errors[name] == expected["parameters"][0]["standard_error"]
    assert got.chi_squared == expected["chi_squared"] and got.degrees_of_freedom == 4


def _tga_lines(cli):
    """Synthetic thermogravimetry: δ of gdc10 made with ΔH = 4.30 eV at 800/900 °C, ±3 %, a 3 % delta_err."""
    made = cli("sweep", "gdc10", "--set", "reduction.dH=4.30", "--T", "800C,900C", "--pO2", "1e-18:1e-12:7",
               "--columns", "T_K,pO2_atm,delta").stdout.splitlines()
    lines = ["T_K,pO2_atm,delta,delta_err"]
    for k, line in enumerate(made[1:]):
        T, p, d = line.split(",")
        d = float(d) * (1.03 if k % 2 == 0 else 0.97)
        lines.append(f"{T},{p},{d!r},{0.03 * d!r}")
    return lines


def test_band_from_a_fitted_material_equals_sweep_band(cli, tmp_path):
    # δ of gdc10 made with ΔH = 4.30 eV, ±3 %: fitted, written with its covariance, then banded in both front ends
    lines = _tga_lines(cli)
    data = tmp_path / "tga.csv"
    data.write_text("\n".join(lines) + "\n")
    fitted = tmp_path / "fitted.yaml"
    assert cli("fit", "gdc10", "--data", str(data), "--fit", "reduction.dH", "--fit", "reduction.dS",
               "--output-material", str(fitted)).returncode == 0
    grid = ["--T", "1000C", "--pO2", "1e-16:1e-10:4", "--columns", "pO2_atm,Ce_Ce',delta,sigma_total_S_cm"]
    header, rows = read_csv(cli("sweep", str(fitted), *grid, "--band", "0.95", "--quiet").stdout)
    result = brouwer.Material(str(fitted)).sweep(T="1000C", pO2="1e-16:1e-10:4", columns="pO2_atm,Ce_Ce',delta,sigma_total_S_cm",
                                                 band=0.95, frame=False)
    assert list(result) == header
    assert "Ce_Ce'_upper" in header and "pO2_atm_lower" not in header
    for k, column in enumerate(header):
        for r, row in enumerate(rows):
            assert same_field(row[k], result[column][r]), (column, r, row[k], result[column][r])
    # the band brackets the value; without a fit: block there is none
    assert all(result["Ce_Ce'_lower"] < result["Ce_Ce'"]) and all(result["Ce_Ce'"] < result["Ce_Ce'_upper"])
    with pytest.raises(brouwer.BrouwerError, match="records no fit covariance"):
        brouwer.Material("gdc10").sweep(T="1000C", pO2="1e-10", band=0.95)


def test_fit_material_is_what_output_material_writes(cli, tmp_path):
    lines = _tga_lines(cli)
    data = tmp_path / "tga.csv"
    data.write_text("\n".join(lines) + "\n")
    written = tmp_path / "fitted.yaml"
    assert cli("fit", "gdc10", "--data", str(data), "--fit", "reduction.dH", "--fit", "reduction.dS",
               "--output-material", str(written)).returncode == 0
    fit = brouwer.Material("gdc10").fit(str(data), ["reduction.dH", "reduction.dS"])
    made_by = lambda text: [l for l in text.splitlines() if not l.startswith("#   brouwer")]
    assert made_by(fit.material_yaml) == made_by(written.read_text())
    banded = fit.material().sweep(T="1000C", pO2=[1e-14], columns="Ce_Ce'", band=0.95, frame=False)
    assert banded["Ce_Ce'_lower"][0] < banded["Ce_Ce'"][0] < banded["Ce_Ce'_upper"][0]
    # an unusable fit (ΔH and ΔS at one temperature) has no material
    one_T = tmp_path / "one.csv"
    one_T.write_text("\n".join(lines[:8]) + "\n")
    with pytest.warns(brouwer.BrouwerWarning):
        bad = brouwer.Material("gdc10").fit(str(one_T), ["reduction.dH", "reduction.dS"])
    with pytest.raises(brouwer.BrouwerError, match="not usable"):
        bad.material()
