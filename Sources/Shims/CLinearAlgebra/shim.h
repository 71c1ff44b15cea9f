#ifndef YUHENG_CLINEARALGEBRA_SHIM_H
#define YUHENG_CLINEARALGEBRA_SHIM_H
// System linear-algebra libraries used by YuhengNumerics.
// Debian: libopenblas-dev, liblapacke-dev, libsuitesparse-dev (headers under suitesparse/).
#include <cblas.h>
#include <lapacke.h>
#include <suitesparse/umfpack.h>
#include <suitesparse/klu.h>
#endif
