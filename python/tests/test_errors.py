"""Every error is a BrouwerError with the command line's message; unconverged points are flagged per point."""

import math
import warnings

import numpy as np
import pytest

import brouwer
from conftest import ROOT, cli_error, read_csv

INFEASIBLE = str(ROOT / "Tests/Fixtures/infeasible.yaml")


@pytest.mark.parametrize("call, cli_args", [
    (lambda: brouwer.Material("nope"), ["sweep", "nope", "--T", "1000", "--pO2", "1"]),
    (lambda: brouwer.Material("gdc10").sweep(T="-5", pO2="1"), ["sweep", "gdc10", "--T=-5", "--pO2", "1"]),
    (lambda: brouwer.Material("gdc10").sweep(T="1000", pO2="1e-40x"), ["sweep", "gdc10", "--T", "1000", "--pO2", "1e-40x"]),
    (lambda: brouwer.Material("gdc10").sweep(T="1000"), ["sweep", "gdc10", "--T", "1000"]),
    (lambda: brouwer.Material("gdc10").sweep(T="1000", pO2="1", columns="T_K,nope"),
     ["sweep", "gdc10", "--T", "1000", "--pO2", "1", "--columns", "T_K,nope"]),
    (lambda: brouwer.Material("gdc10").set("Gd_Ce=0.2"), ["sweep", "gdc10", "--T", "1000", "--pO2", "1", "--set", "Gd_Ce=0.2"]),
    (lambda: brouwer.Material("gdc10").set("Gd_Ce'=-1"), ["sweep", "gdc10", "--T", "1000", "--pO2", "1", "--set", "Gd_Ce'=-1"]),
    (lambda: brouwer.Material("gdc10").solve(T=1000, pO2=-1), ["solve", "gdc10", "--T", "1000.0", "--pO2=-1.0"]),
    (lambda: brouwer.Material("gdc10").solve(T="1000:1100:2", pO2=1), ["solve", "gdc10", "--T", "1000:1100:2", "--pO2", "1"]),
    (lambda: brouwer.Material("bzy10").anneal(T="1000C", pO2=0.21),
     ["solve", "bzy10", "--T", "1000", "--pO2", "1", "--pH2O", "0.03", "--anneal", "1000C,0.21"]),
])
def test_errors_carry_the_cli_message(cli, call, cli_args):
    # the command line's hint for stdin ('-' as MATERIAL) has no meaning here
    expected = cli_error(cli(*cli_args, check=False)).replace("; use '-' for stdin", "")
    with pytest.raises(brouwer.BrouwerError) as e:
        call()
    assert str(e.value) == expected


def test_a_bad_material_file_names_file_and_line(cli, tmp_path):
    text = brouwer.Material("gdc10").show().replace("V_O.. + 2 Ce_Ce'", "V_O.. + Ce_Ce'", 1)
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    expected = cli_error(cli("check", str(path), check=False))
    with pytest.raises(brouwer.BrouwerError) as e:
        brouwer.Material.from_file(path)
    assert str(e.value) == expected and "bad.yaml:" in expected
    with pytest.raises(brouwer.BrouwerError, match=r"^<string>:\d+:"):
        brouwer.Material.from_yaml(text)
    with pytest.raises(brouwer.BrouwerError, match=r"^mine.yaml:\d+:"):
        brouwer.Material.from_yaml("name: x\nspecies: [\n", source="mine.yaml")


def test_show_and_check_are_the_cli_texts(cli):
    m = brouwer.Material("lsf")
    assert m.show().rstrip("\n") == cli("show", "lsf").stdout.rstrip("\n")
    assert m.check() == cli("check", "lsf").stdout.rstrip("\n")
    html = m._repr_html_()
    assert "brouwer material" in html and m.formula.split("O")[0] in html


def test_unconverged_points_are_flagged_per_point_as_the_cli_does(cli):
    header, rows = read_csv(cli("sweep", INFEASIBLE, "--T", "300", "--pO2", "1e-40,1", "--quiet").stdout)
    m = brouwer.Material(INFEASIBLE)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = m.sweep(T=300, pO2=[1e-40, 1], frame=False)
    assert any("did not converge" in str(w.message) for w in caught)
    flags = [row[header.index("converged")] == "true" for row in rows]
    assert list(result["converged"]) == flags and not all(flags)
    for r, ok in enumerate(flags):
        if not ok:
            assert all(math.isnan(result[c][r]) for c in header if c not in ("T_K", "pO2_atm", "converged", "residual", "in_validity"))
            assert result["residual"][r] == float(rows[r][header.index("residual")])
    s = m.solve(T=300, pO2=1e-40)
    assert not s.converged and math.isnan(s[m.species[0]])


def test_pandas_frame_when_pandas_is_present():
    pandas = pytest.importorskip("pandas")
    df = brouwer.Material("gdc10").sweep(T="800C", pO2="1e-20:1:5")
    assert isinstance(df, pandas.DataFrame) and df["converged"].dtype == bool and len(df) == 5


def test_the_brouwer_diagram_draws_the_species_of_the_sweep():
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import brouwer.plot

    m = brouwer.Material("gdc10")
    ax = brouwer.plot.brouwer_diagram(m, T="800C", pO2="1e-30:1:31")
    lines = {l.get_label(): l for l in ax.get_lines()}
    assert "[V_O..]" in lines and "[e']" in lines or "[Ce_Ce']" in lines
    s = m.sweep(T="800C", pO2="1e-30:1:31", frame=False)
    assert np.array_equal(lines["[V_O..]"].get_ydata(), np.log10(s["V_O.."]))


def test_state_bounds_and_unrepresentable_values_warn_as_the_cli_does(cli, tmp_path):
    """The CLI's run warnings reach Python: a δ bound the states leave, and a value that cannot be represented
    (the row is converged=False, as in the CLI's CSV)."""
    lines = [line for line in brouwer.Material("ceo2").show().split("\n") if not line.startswith("  delta: [")]
    yaml = "\n".join(lines).replace("\nvalidity:\n", "\nvalidity:\n  delta: [0, 0.007]\n", 1)
    path = tmp_path / "ceo2-bounded.yaml"
    path.write_text(yaml)
    cli_warnings = [line.removeprefix("brouwer: ") for line in
                    cli("sweep", str(path), "--T", "1773", "--pO2", "1e-12:1:7", "--columns", "delta").stderr.splitlines()
                    if "delta" in line]
    assert cli_warnings
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        brouwer.Material.from_file(str(path)).sweep(T=1773, pO2="1e-12:1:7", columns="delta", frame=False)
    assert [str(w.message) for w in caught if "delta" in str(w.message)] == cli_warnings
    steep = brouwer.Material("lsf64").show().replace("    value: 0.144\n", "    value: -30\n", 1)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = brouwer.Material.from_yaml(steep).sweep(T=1073.15, pO2=[1e-20, 0.21], columns="lattice_A,converged", frame=False)
    assert list(result["converged"]) == [False, True]
    assert any("lattice_A has no value in 1 of 2 solved rows" in str(w.message) for w in caught)
