#ifndef BROUWER_CGSL_SHIM_H
#define BROUWER_CGSL_SHIM_H

#include <gsl/gsl_errno.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_multiroots.h>
#include <gsl/gsl_multifit_nlinear.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_roots.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_sf_fermi_dirac.h>
#include <gsl/gsl_cdf.h>

// GSL exposes its solver types as mutable global pointers, which Swift 6 strict
// concurrency rejects. These accessors return them by value instead.
static inline const gsl_multiroot_fdfsolver_type *cgsl_multiroot_hybridsj(void) {
  return gsl_multiroot_fdfsolver_hybridsj;
}
static inline const gsl_root_fsolver_type *cgsl_root_brent(void) {
  return gsl_root_fsolver_brent;
}
static inline const gsl_multifit_nlinear_type *cgsl_multifit_trust(void) {
  return gsl_multifit_nlinear_trust;
}
static inline const gsl_multifit_nlinear_trs *cgsl_multifit_trs_lm(void) {
  return gsl_multifit_nlinear_trs_lm;
}

#endif
