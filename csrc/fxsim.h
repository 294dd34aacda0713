/*
 * fxsim.h -- the C99 kernels of fxsim: the umbrella over the family headers listed below.
 *
 * Plain C99, fixed-width types, caller-owned buffers, no globals, no allocation, no Python
 * headers: a hardware team can compile fx_arith.c and fx_population.c into a C or
 * SystemVerilog DPI-C test bench unchanged. The numpy backend (fxsim/backends/reference)
 * is the definition; these kernels equal it bit for bit (tests/equivalence/test_backends_equal_numpy.py).
 *
 * Family headers (each compiles alone; include only the one you need):
 *   fx_types.h       enums, fx_format_t, FX_INTERMEDIATE_BITS, FX_SPECIALISED
 *   fx_arith.h       scalar inline arithmetic and the array kernels (fx_arith.c)
 *   fx_population.h  the population engine (fx_population.c)
 *   fx_pwl_exp.h     PWL-Exp (fx_pwl_exp.c)
 *   fx_divgroup.h    the Division Neuron Group (fx_divgroup.c)
 *   fx_polarnorm.h   PolarNorm (fx_polarnorm.c)
 *   fx_ops.h         fused softmax, activations and norms (fx_ops.c)
 *   fx_chain.h       fused no-leak neuron chains: MBE bases, FS sets (fx_chain.c)
 *   fx_mbe.h         one fused pass per MBE operator (fx_mbe.c)
 *   fx_fs.h          one fused pass per FS operator (fx_fs.c)
 *   fx_mbe_rows.h    the MBE row operators: softmax, norms (fx_mbe_rows.c)
 *   fx_fs_rows.h     the FS softmax over rows (fx_fs_rows.c)
 */
#ifndef FXSIM_H
#define FXSIM_H

#include "fx_types.h"
#include "fx_arith.h"
#include "fx_population.h"
#include "fx_pwl_exp.h"
#include "fx_divgroup.h"
#include "fx_polarnorm.h"
#include "fx_ops.h"
#include "fx_chain.h"
#include "fx_mbe.h"
#include "fx_fs.h"
#include "fx_mbe_rows.h"
#include "fx_fs_rows.h"

#endif /* FXSIM_H */
