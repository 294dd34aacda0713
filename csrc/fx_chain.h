/*
 * fx_chain.h -- fused no-leak neuron chains: the MBE bases and FS sets (fx_chain.c;
 * docs/algorithms.md section 8.8).
 *
 * A neuron whose input is loaded once into its membrane (input_mode "initial"), with no leak,
 * no bias, no current, a subtractive reset and at most one spike per step, is a pure function
 * of its initial membrane: T compare-subtract steps. fx_chain runs the N neurons of one bank
 * (N bases sharing one input, each with its own per-step tables) element by element in one
 * pass and returns the sum of their accumulators, equal bit for bit to N runs of the
 * population engine (fx_population.c) whose accumulators are summed in int64.
 */
#ifndef FX_CHAIN_H
#define FX_CHAIN_H

#include "fx_arith.h"

typedef struct {
    int64_t bases;              /* N >= 1 neurons per element */
    int64_t steps;              /* T >= 1 */
    int32_t compare_strict;     /* 1: spike on v > theta; 0: v >= theta */
    fx_format_t v_format;       /* membrane, thresholds, resets (raw, frac travels implicitly) */
    fx_format_t acc_format;     /* accumulator and intensities */
    const int64_t *theta;       /* [bases * steps], basis-major */
    const int64_t *reset;       /* [bases * steps] */
    const int64_t *intensity;   /* [bases * steps] */
} fx_chain_t;

/* Slots of fx_chain's counts array. */
enum { FX_CHAIN_SPIKES = 0, FX_CHAIN_OVERFLOW_V = 1, FX_CHAIN_OVERFLOW_ACC = 2,
       FX_CHAIN_NCOUNTS = 3 };

/* Elements per block of fx_chain (the unit of its OpenMP split). */
#define FX_CHAIN_BLOCK 256

/* Given: p, u[n] initial membranes (int32 values as the engine reads them), threads (OpenMP
 * over blocks of FX_CHAIN_BLOCK elements; results never depend on it).
 * Gives: acc[n] = sum over the bases of the final accumulator; counts[FX_CHAIN_NCOUNTS] =
 * spikes, membrane and accumulator overflow events summed over bases and steps (the initial
 * load counts once per basis, as each population loads it).
 * Returns FX_OK, or FX_EINVAL for bad arguments. */
int fx_chain(const fx_chain_t *p, const int64_t *u, int64_t n, int64_t *acc, int64_t *counts,
             int threads);

/* The most bases whose spike counts fx_chain_prep_t can pack into their accumulators. */
#define FX_CHAIN_PACK_MAX 16

/* The most cuts of a basis run as a step function (fx_chain_prep_t), and of all its bases. */
#define FX_CHAIN_CUTS_MAX 24
#define FX_CHAIN_CUT_POOL 96

/* A chain prepared once per call for fx_chain_block (fused kernels that run a chain inside
 * their own blocks): the formats' ranges, the outcome of a loaded 0, and for an exact32 plan
 * whether each basis's spike count can ride in its 32-bit accumulator: basis b's final
 * accumulator lies in [pack_lo[b], pack_lo[b] + 2^pack_bits[b]) and (a + count 2^pack_bits)
 * mod 2^32 gives both back (docs/algorithms.md 8.8). halving: one basis with
 * theta = reset = intensity = 2^(T-1-t), spike on >=, exact32: the successive-approximation
 * code, whose outcome is closed-form (acc = clamp(v, 0, 2^T - 1), spikes = its popcount).
 * cuts: where packed, a basis whose packed accumulator is a step function of the loaded
 * membrane in [cut_lo, cut_hi] with few steps is evaluated as cut_base[b] plus cut_add[i]
 * for each cut_at[i] <= v, i from cut_first[b] on (modulo 2^32): one compare and one add per
 * cut instead of a compare, a subtract and an add per step (docs/algorithms.md 8.8). */
typedef struct {
    fx_range_t vr, ar;
    int32_t saturate;                     /* both formats clamp (fx_saturates) */
    int32_t tables32;                     /* tables and ranges fit int32 */
    int32_t exact32;                      /* no step can overflow for any loaded membrane */
    int64_t zero_acc, zero_spikes, zero_ev_v, zero_ev_a;
    int32_t packed;                       /* exact32, bases <= FX_CHAIN_PACK_MAX, every K fits */
    int32_t halving;                      /* exact32 SAR code: acc = clamp(v, 0, 2^T - 1) */
    int32_t pack_bits[FX_CHAIN_PACK_MAX];
    int64_t pack_lo[FX_CHAIN_PACK_MAX];
    int64_t cut_lo, cut_hi;               /* the loaded membranes the cuts hold for */
    int32_t cut_any;                      /* some basis has cuts */
    int32_t cuts[FX_CHAIN_PACK_MAX];      /* -1: basis b runs its steps; else its cut count */
    int32_t cut_first[FX_CHAIN_PACK_MAX];
    uint32_t cut_base[FX_CHAIN_PACK_MAX];
    int32_t cut_at[FX_CHAIN_CUT_POOL];
    uint32_t cut_add[FX_CHAIN_CUT_POOL];
} fx_chain_prep_t;

/* Given a valid p (fx_chain_valid). Gives *q. */
void fx_chain_prepare(const fx_chain_t *p, fx_chain_prep_t *q);

/* Given a prepared q of p (fx_chain_prepare leaves it without cuts): its cuts for loaded
 * membranes in [lo, hi] (within the membrane's range; a caller that knows a narrower range
 * gets fewer cuts; lo > hi: none). Blocks with a membrane outside [lo, hi] run the steps. */
void fx_chain_cut(const fx_chain_t *p, fx_chain_prep_t *q, int64_t lo, int64_t hi);

/* 1 for a plan fx_chain accepts. */
int fx_chain_valid(const fx_chain_t *p);

/* One block of len <= FX_CHAIN_BLOCK elements of fx_chain: acc[j] for the loaded membranes
 * u[j]; counts[FX_CHAIN_NCOUNTS] += its counts. */
void fx_chain_block(const fx_chain_t *p, const fx_chain_prep_t *q, const int64_t *u,
                    int64_t len, int64_t *acc, int64_t *counts);

/* Blocks below which the fused drivers stay on the calling thread (waking a team costs more
 * than a few blocks' work). */
#define FX_CHAIN_PARALLEL_BLOCKS 4

/* The most counts fx_chain_drive reduces. */
#define FX_CHAIN_DRIVE_COUNTS 40

/* One block of an elementwise fused operator (fx_mbe_op, fx_fs_op): y[len] from the raw
 * x[len] (len <= FX_CHAIN_BLOCK), c[] += its counts; op: the operator's prepared plan. */
typedef void (*fx_chain_block_fn)(const void *op, const int64_t *x, int64_t len, int64_t *y,
                                  int64_t *c);

/* The block driver of the elementwise fused operators. Given: block and its op, ncounts
 * (<= FX_CHAIN_DRIVE_COUNTS), raw x[n], or (x NULL) float values xf quantized block by block
 * by fq (no int64 copy of the input), threads (OpenMP over blocks of FX_CHAIN_BLOCK where
 * threads > 1 and there are FX_CHAIN_PARALLEL_BLOCKS blocks or more; results never depend on
 * it). Gives: y[n], counts[ncounts] (overwritten: integer sums over the blocks) and, if
 * in_counts is not NULL, in_counts[FX_IN_NCOUNTS] (fx_ops.h): the quantization's overflow
 * events and invalid values. */
void fx_chain_drive(fx_chain_block_fn block, const void *op, int ncounts, const int64_t *x,
                    const fx_float_rows_t *xf, const fx_quantizer_t *fq, int64_t n, int64_t *y,
                    int64_t *counts, int64_t *in_counts, int threads);

#endif /* FX_CHAIN_H */
