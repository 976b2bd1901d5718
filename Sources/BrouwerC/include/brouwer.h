/*
 * brouwer.h — the C interface to the brouwer defect-equilibrium engine (libBrouwerC.so).
 *
 * The same library functions as the `brouwer` command line, so the same numbers, bit for bit, and the
 * same one-line error messages (without the "brouwer: error: " prefix).
 *
 * Conventions
 * - Every function that can fail returns an int status: BROUWER_OK (0), BROUWER_INPUT (2: bad input; the
 *   message is in *error), BROUWER_INTERRUPTED (3: *cancel became non-zero). Nothing crashes or exits
 *   on bad input; no C++ or Swift error crosses this boundary.
 * - Strings the library returns (char *, through `char **` out-parameters) are allocated by the library
 *   and owned by the caller, who frees each with brouwer_string_free(). An `error` argument may be NULL
 *   (no message wanted); on success *error is left unchanged.
 * - Handles (brouwer_material, brouwer_sweep, brouwer_solver) are opaque; each *_new/_load function
 *   that returns one has a *_free partner; the caller frees every handle it receives, in any order
 *   (a sweep or solver keeps what it needs of its material).
 * - A brouwer_material is immutable: it may be shared by any number of threads. brouwer_solver and
 *   brouwer_sweep may also be called from several threads (calls on one handle are serialised).
 * - Output arrays are owned by the caller, who passes their length; values are row-major doubles, NaN
 *   where the CSV field of the command line is empty; the flags `converged` and `in_validity` are 1 or 0.
 * - Text arguments are UTF-8 and NUL-terminated; lists are newline-separated where stated.
 */
#ifndef BROUWER_H
#define BROUWER_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum { BROUWER_OK = 0, BROUWER_UNCONVERGED = 1, BROUWER_INPUT = 2, BROUWER_INTERRUPTED = 3 };

typedef struct brouwer_material brouwer_material;
typedef struct brouwer_sweep brouwer_sweep;
typedef struct brouwer_solver brouwer_solver;

/* Frees a string returned by this library (NULL is allowed). */
void brouwer_string_free(char *text);
/* The built-in material names, newline-separated (free with brouwer_string_free). */
char *brouwer_builtin_names(void);

/* --- materials ------------------------------------------------------------------------------------ */
/* A built-in name (gdc10) or a path to a YAML file, as the command line's MATERIAL argument. */
int brouwer_material_load(const char *name_or_path, brouwer_material **out, char **error);
/* Material text; `source` names it in messages (may be NULL: "<string>"). */
int brouwer_material_from_yaml(const char *yaml, const char *source, brouwer_material **out, char **error);
void brouwer_material_free(brouwer_material *material);
/* The YAML text the material was read from (overrides and quenches are not written back). */
char *brouwer_material_yaml(const brouwer_material *material);
/* What `brouwer check` prints: the equations the engine solves. */
char *brouwer_material_equations(const brouwer_material *material);
/* JSON: {"name", "formula", "family", "species": [...], "pressures": [...], "columns": [...],
   "validity": {key: [lo, hi]}, "references": [...], "overrides": [...], "quench": text or null}. */
char *brouwer_material_info(const brouwer_material *material);
/* A new material with `overrides` applied: newline-separated NAME=VALUE, as `--set` (single values). */
int brouwer_material_set(const brouwer_material *material, const char *overrides, brouwer_material **out, char **error);
/* Anneal-and-quench, as `--anneal T[,pO2[,pH2O]]` and `--frozen LABEL,…` (frozen may be NULL): a new
   material whose oxygen (and water) content, or the named species, are frozen at the anneal state.
   *description (may be NULL) receives the note the command line prints. */
int brouwer_material_anneal(const brouwer_material *material, const char *anneal, const char *frozen,
                            brouwer_material **out, char **description, char **error);

/* One condition in text, as the command line reads it: name "T" (1073, 800C) or a pressure name (atm).
   A range or list is refused. */
int brouwer_parse_condition(const char *name, const char *text, double *out, char **error);

/* --- one state ------------------------------------------------------------------------------------ */
/* A solver for single states with the columns of `brouwer solve --format csv`: `columns` is a
   comma-separated selection or NULL (all), `units` "fu", "site" or "cm3" (NULL: fu). Its columns follow
   the conditions T_K, then the material's pressures in brouwer_solver_conditions() order. */
int brouwer_solver_new(const brouwer_material *material, const char *columns, int slopes, const char *units,
                       brouwer_solver **out, char **error);
void brouwer_solver_free(brouwer_solver *solver);
size_t brouwer_solver_column_count(const brouwer_solver *solver);
/* Column headers, newline-separated. */
char *brouwer_solver_headers(const brouwer_solver *solver);
/* The pressure names the solver takes, newline-separated, in the order of `pressures` below. */
char *brouwer_solver_conditions(const brouwer_solver *solver);
/* Solves at T (K) and pressures (atm) into out[0..n): n must be brouwer_solver_column_count().
   Returns BROUWER_OK, BROUWER_UNCONVERGED (the row holds the conditions, converged = 0 and the residual),
   or BROUWER_INPUT with the message the command line gives for that condition. */
int brouwer_solver_solve(brouwer_solver *solver, double temperature, const double *pressures, size_t pressure_count,
                         double *out, size_t n, char **error);

/* --- sweeps --------------------------------------------------------------------------------------- */
/* Plans a sweep as `brouwer sweep`: the texts of --T, --pO2, --pH2O, --pH2 (NULL: not given), the --set
   overrides newline-separated (ranges and lists sweep a parameter), --columns (comma-separated, NULL:
   all), --slopes, --units, and worker threads (0: all cores). *warnings (may be NULL) receives the
   warnings and notes the command line would print before the run, newline-separated (possibly ""). */
int brouwer_sweep_new(const brouwer_material *material, const char *temperature, const char *pO2, const char *pH2O,
                      const char *pH2, const char *overrides, const char *columns, int slopes, const char *units,
                      int threads, brouwer_sweep **out, char **warnings, char **error);
void brouwer_sweep_free(brouwer_sweep *sweep);
size_t brouwer_sweep_point_count(const brouwer_sweep *sweep);
size_t brouwer_sweep_column_count(const brouwer_sweep *sweep);
/* Column headers, newline-separated. */
char *brouwer_sweep_headers(const brouwer_sweep *sweep);
/* Points per line of the innermost axis: running [first, first + count) with `first` and `count`
   multiples of it costs no more than running the whole grid at once. */
size_t brouwer_sweep_line_length(const brouwer_sweep *sweep);
/* Solves the grid points [first, first + count) into out (count × columns doubles, row-major). The rows
   are those of the whole sweep (any split gives the same numbers). `cancel` (may be NULL) is read between
   blocks of segments: when it becomes non-zero the run stops with BROUWER_INTERRUPTED. *unconverged
   (may be NULL) receives the number of rows with converged = 0: points that did not converge, and points
   with a value that cannot be represented (see brouwer_sweep_warnings). */
int brouwer_sweep_run(brouwer_sweep *sweep, size_t first, size_t count, double *out, size_t n,
                      const volatile int32_t *cancel, size_t *unconverged, char **error);
/* The confidence bands of `brouwer sweep --band LEVEL` (the material's fit: block, delta method) from the
   values brouwer_sweep_run gave for ALL the sweep's points (n = points × columns): lower and upper (n
   doubles each) receive each banded column's ends and NaN elsewhere; banded (columns ints, may be NULL)
   is set to 1 for the banded columns. *warnings (may be NULL) as in brouwer_sweep_new. */
int brouwer_sweep_band(brouwer_sweep *sweep, double level, const double *values, size_t n, double *lower, double *upper,
                       int32_t *banded, char **warnings, char **error);
/* The warnings of the points run so far, newline-separated ("warning: ..."): the material's state bounds
   (δ, valences …) that they leave, and columns without a value in solved rows. Caller frees it with
   brouwer_string_free. */
char *brouwer_sweep_warnings(const brouwer_sweep *sweep);

/* --- fits ----------------------------------------------------------------------------------------- */
/* A least-squares fit as `brouwer fit`: the data as CSV text (`source` names it in messages), the
   parameters newline-separated as NAME or NAME=START (--fit), `observable` and `uncertainty` columns
   (NULL: as the command line chooses), `residuals` "auto", "log" or "linear" (NULL: auto), `units`, and
   constant conditions for every row as the texts of --T, --pO2, --pH2O (NULL: from the data), and the
   texts of --anneal and --frozen (NULL: none): every trial model is then annealed and quenched.
   *report receives JSON with the fitted values, standard errors, correlation, χ², degrees of freedom,
   the fitted and measured values per point. Returns BROUWER_OK, BROUWER_UNCONVERGED (the fit did not
   converge or leaves a parameter undetermined; the report says which), or BROUWER_INPUT. */
int brouwer_fit(const brouwer_material *material, const char *data_csv, const char *source, const char *parameters,
                const char *observable, const char *uncertainty, const char *residuals, const char *units,
                const char *temperature, const char *pO2, const char *pH2O, const char *anneal, const char *frozen,
                char **report, char **error);

#ifdef __cplusplus
}
#endif
#endif /* BROUWER_H */
