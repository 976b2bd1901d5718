"""The C header (Sources/BrouwerC/include/brouwer.h) is the library's interface: a C program compiled against it
and linked to the wheel's libBrouwerC.so loads a material, solves, sweeps, and gets an error message."""

import shutil
import subprocess
from pathlib import Path

import pytest

import brouwer
from conftest import ROOT, read_csv, same_field

PROGRAM = r"""
#include <brouwer.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
  brouwer_material *m = NULL;
  char *error = NULL;
  if (brouwer_material_load("gdc10", &m, &error) != BROUWER_OK) { printf("load: %s\n", error); return 1; }
  brouwer_solver *s = NULL;
  if (brouwer_solver_new(m, "T_K,pO2_atm,delta,converged", 0, NULL, &s, &error) != BROUWER_OK) { printf("%s\n", error); return 1; }
  double p = 1e-20, row[4];
  int status = brouwer_solver_solve(s, 1073.15, &p, 1, row, 4, &error);
  printf("solve %d %.17g %.17g\n", status, row[2], row[3]);
  brouwer_sweep *w = NULL;
  char *warnings = NULL;
  if (brouwer_sweep_new(m, "800C", "1e-20:1:3", NULL, NULL, NULL, "pO2_atm,delta", 0, NULL, 1, &w, &warnings, &error)
      != BROUWER_OK) { printf("%s\n", error); return 1; }
  size_t n = brouwer_sweep_point_count(w), k = brouwer_sweep_column_count(w), bad = 99;
  double *out = malloc(n * k * sizeof *out);
  status = brouwer_sweep_run(w, 0, n, out, n * k, NULL, &bad, &error);
  printf("sweep %d %zu %zu %zu %.17g\n", status, n, k, bad, out[2 * k + 1]);
  status = brouwer_sweep_new(m, "800C", "-1", NULL, NULL, NULL, NULL, 0, NULL, 1, &w, NULL, &error);
  printf("error %d %s\n", status, error);
  brouwer_string_free(error);
  brouwer_string_free(warnings);
  free(out);
  brouwer_sweep_free(w);
  brouwer_solver_free(s);
  brouwer_material_free(m);
  return 0;
}
"""


@pytest.mark.skipif(not shutil.which("cc"), reason="no C compiler")
def test_a_c_program_uses_the_header_and_the_library(tmp_path, cli):
    library = Path(brouwer._lib.lib._name)
    source = tmp_path / "use.c"
    source.write_text(PROGRAM)
    exe = tmp_path / "use"
    subprocess.run(["cc", "-std=c11", "-Wall", "-Werror", "-I", str(ROOT / "Sources/BrouwerC/include"), str(source),
                    str(library), f"-Wl,-rpath,{library.parent}", "-o", str(exe)], check=True)
    lines = subprocess.run([str(exe)], capture_output=True, text=True, check=True).stdout.splitlines()
    header, rows = read_csv(cli("solve", "gdc10", "--T", "1073.15", "--pO2", "1e-20", "--format", "csv").stdout)
    status, delta, converged = lines[0].split()[1:]
    assert status == "0" and converged == "1" and same_field(rows[0][header.index("delta")], float(delta))
    _, rows = read_csv(cli("sweep", "gdc10", "--T", "800C", "--pO2", "1e-20:1:3", "--columns", "pO2_atm,delta", "--quiet").stdout)
    assert lines[1].split()[1:5] == ["0", "3", "2", "0"] and same_field(rows[2][1], float(lines[1].split()[5]))
    assert lines[2] == 'error 2 --pO2: bad value "-1" (expected a pressure > 0 atm)'
