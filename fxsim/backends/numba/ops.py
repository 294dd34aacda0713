"""backend="numba": fused operators with the structure of csrc/fx_ops.c (one pass per row,
rows in parallel), built from the numba primitives' element functions. A kernel takes the flat
plan p and its nested plans (pwl, div, pn) as arguments of their own, and reads p's fields
before its prange (see fxsim/backends/numba/arith.py). The prange body is one call of a plain
serial function per row or chunk (_softmax_row, _activation_span, _norm_row): numba's parallel
passes then see a few lines, and the row's work compiles once, as an ordinary function (a body
inlined into the prange took minutes to compile). Each equals the primitive composition of
fxsim.ops.nlspike.compose (tests/equivalence/test_fused_ops.py). Kept beside the C backend for
machines where the C extension cannot be built."""
from __future__ import annotations

import numpy as np
from numba import njit, prange

from ...formats import INTERMEDIATE_BITS, Format
from .. import abi
from .arith import (bit_length_one, flat, flat_format, float64_values, limits, quantize_span,
                    requantize_one, rescale)
from .divgroup import div_count, div_signed, div_theta
from .polarnorm import polarnorm_row
from .pwl_exp import pwl_exp_one

_NSM, _NACT, _NNORM = len(abi.SOFTMAX_COUNTS), len(abi.ACTIVATION_COUNTS), len(abi.NORM_COUNTS)
_SIGMOID, _GELU_TANH = abi.ACTIVATION_KINDS.index("sigmoid"), abi.ACTIVATION_KINDS.index("gelu_tanh")
_CENTER_MEAN, _CENTER_EXACT = abi.NORM_CENTERS.index("mean"), abi.NORM_CENTERS.index("exact")
#: elements per parallel chunk of the activation kernel (FX_PWL_CHUNK)
CHUNK = 256
_LIMIT = (np.int64(1) << INTERMEDIATE_BITS) - 1
#: slots of the float-input counts (abi.FLOAT_INPUT_COUNTS) after a kernel's own counts
_NIN = len(abi.FLOAT_INPUT_COUNTS)
_NO_FLOATS = np.zeros(0, np.float64)


def _writable(x: np.ndarray) -> np.ndarray:
    """x as a writable C-contiguous int64 array (a copy only where x is not one already): the
    kernels then see one array type, so each compiles one signature."""
    return np.require(x, np.int64, "CW")


def _summed(kernel, parts: int, own: int, *args) -> np.ndarray:
    """kernel(*args, per_part) with per_part int64 [parts, own + _NIN] zeros; returns its
    column sums (a kernel's own counts, then abi.FLOAT_INPUT_COUNTS). Made and summed here, not
    in the kernel: numba would turn each into a parallel loop of its own to compile."""
    per_part = np.zeros((parts, own + _NIN), np.int64)
    kernel(*args, per_part)
    return per_part.sum(axis=0)


def _chunks(n: int) -> int:
    """Chunks of CHUNK elements in n."""
    return (n + CHUNK - 1) // CHUNK


@njit(cache=True)
def _softmax_row(xr, L_raw, exp_in_drop, exp_in, out_drop, out, pwl, div, y, acc):
    """softmax_row of fx_ops.c: y[d] from the raw row xr[d] (xr may be y: each x_j is read
    before y_j is written); acc[:_NSM] += the row's abi.SOFTMAX_COUNTS."""
    d = y.size
    in_lo, in_hi = limits(exp_in)
    pwl_lo, pwl_hi = limits(pwl.out_format)
    out_lo, out_hi = limits(out)
    K, G = pwl.slope.size, div.group
    row_max = xr[0]
    for j in range(1, d):
        row_max = max(row_max, xr[j])
    total = np.int64(0)
    clamped = reads = pwl_events = 0
    for j in range(d):                          # e_j = PWL-Exp(clamp(x_j - max + L))
        e_in, hit = requantize_one(xr[j] - row_max + L_raw, exp_in_drop, exp_in, in_lo, in_hi)
        clamped += hit
        e, idx, _, _, hit = pwl_exp_one(e_in, pwl, pwl_lo, pwl_hi)
        reads += 1 if 0 <= idx < K else 0
        pwl_events += hit
        y[j] = e
        total += e
    theta, scale = div_theta(max(total, np.int64(1)), div)
    spikes = out_events = 0
    for j in range(d):                          # e_j / max(1, sum e), T = 1
        e = y[j]
        v = (-e if e < 0 else e) * scale
        count = div_count(v, theta, G)
        spikes += count
        y[j], hit = requantize_one(div_signed(v, theta, count, G, e < 0), out_drop, out,
                                   out_lo, out_hi)
        out_events += hit
    acc[0] += clamped
    acc[1] += reads
    acc[2] += pwl_events
    acc[3] += spikes
    acc[4] += out_events


@njit(cache=True, parallel=True)
def _softmax_kernel(x, xf, frac, xfmt, p, pwl, div, y, per_row):
    """x int64 [rows, d], or float rows xf [rows * d] quantized with frac, xfmt into y's row
    first (x then [0, d]); per_row [rows, _NSM + _NIN] zeros: each row's abi.SOFTMAX_COUNTS,
    then abi.FLOAT_INPUT_COUNTS."""
    rows, d = y.shape
    floats = xf.size > 0
    L_raw, exp_in_drop, exp_in, out_drop, out = p.L_raw, p.exp_in_drop, p.exp_in, p.out_drop, p.out
    for r in prange(rows):
        if floats:                              # quantized into y's row, then in place
            quantize_span(xf[r * d:(r + 1) * d], frac, xfmt, y[r], per_row[r], _NSM)
        _softmax_row(y[r] if floats else x[r], L_raw, exp_in_drop, exp_in, out_drop, out, pwl,
                     div, y[r], per_row[r])


def softmax_rows(x: np.ndarray, plan: abi.SoftmaxPlan):
    """Same contract as fxsim.backends.c.softmax_rows."""
    x = _writable(x)
    y = np.empty_like(x)
    p = flat(plan)
    counts = _summed(_softmax_kernel, x.shape[0], _NSM, x, _NO_FLOATS, 0, p.out, p, p.pwl, p.div,
                     y)
    return y, abi.named_counts(abi.SOFTMAX_COUNTS, counts[:_NSM])


def softmax_float_rows(x: np.ndarray, x_fmt: Format, plan: abi.SoftmaxPlan):
    """Same contract as fxsim.backends.c.softmax_float_rows."""
    rows, d = x.shape
    y = np.empty((rows, d), np.int64)
    p = flat(plan)
    counts = _summed(_softmax_kernel, rows, _NSM, np.zeros((0, d), np.int64), float64_values(x),
                     x_fmt.frac, flat_format(x_fmt), p, p.pwl, p.div, y)
    return (y, abi.named_counts(abi.SOFTMAX_COUNTS, counts[:_NSM]),
            abi.named_counts(abi.FLOAT_INPUT_COUNTS, counts[_NSM:]))


# ---- activations and norms (csrc/fx_ops.c fx_activation, fx_norm) ----------------------------
@njit(cache=True, forceinline=True)
def _divide_by(a, b, theta, scale, G):
    """divide_by of fx_ops.c: (the signed count of a / b (T = 1) for the prepared theta and
    scale of b, its latched neurons, 1 where max(|a|, b) << k leaves the intermediate range --
    the composition raises there; the quotient is then 0). Exact: m * 2^k >= 2^62 exactly
    when m > (2^62 - 1) // 2^k."""
    mag = -a if a < 0 else a
    wide = max(mag, b) > _LIMIT // scale
    v = np.int64(0) if wide else mag * scale
    count = div_count(v, theta, G)
    return div_signed(v, theta, count, G, a < 0), count, 1 if wide else 0


@njit(cache=True, forceinline=True)
def _gelu_two_u(x, clip_raw, poly, poly_in_drop, poly_frac, c1_m, c3_m, c1_shift, c3_shift):
    """(2u = c1 xp + c3 xp^3 in P, overflow events of x2, x3, t1, t3) -- gelu_two_u of
    fx_ops.c (the ActivationPlan's fields of the same names); xp's own events are not counted
    (as the composition)."""
    p_lo, p_hi = limits(poly)
    xc = min(max(x, -clip_raw), clip_raw)
    xp, _ = requantize_one(xc, poly_in_drop, poly, p_lo, p_hi)
    x2, h2 = requantize_one(xp * xp, poly_frac, poly, p_lo, p_hi)
    x3, h3 = requantize_one(x2 * xp, poly_frac, poly, p_lo, p_hi)
    t1, h1 = requantize_one(xp * c1_m, c1_shift, poly, p_lo, p_hi)
    t3, h4 = requantize_one(x3 * c3_m, c3_shift, poly, p_lo, p_hi)
    return t1 + t3, h1 + h2 + h3 + h4


@njit(cache=True)
def _activation_span(x, kind, clip_raw, poly, poly_in_drop, poly_frac, c1_m, c3_m, c1_shift,
                     c3_shift, exp_in_drop, exp_in, den_shift, num_shift, out_drop, out,
                     bypass_drop, pwl, div, y, acc):
    """activation_chunk of fx_ops.c: y from the raw inputs x (x may be y: each x_j is read
    before y_j is written); acc[:_NACT] += the span's abi.ACTIVATION_COUNTS."""
    gated = kind != _SIGMOID
    in_lo, in_hi = limits(exp_in)
    pwl_lo, pwl_hi = limits(pwl.out_format)
    out_lo, out_hi = limits(out)
    K, G = pwl.slope.size, div.group
    one = np.int64(1) << pwl.out_frac
    clamped = reads = pwl_events = spikes = out_events = poly_events = 0
    bypassed = bypass_events = wides = 0
    for j in range(x.size):
        xj = x[j]
        w = xj
        if kind == _GELU_TANH:
            w, hits = _gelu_two_u(xj, clip_raw, poly, poly_in_drop, poly_frac, c1_m, c3_m,
                                  c1_shift, c3_shift)
            poly_events += hits
        z, hit = requantize_one(-w, exp_in_drop, exp_in, in_lo, in_hi)
        clamped += hit
        e, idx, _, _, hit = pwl_exp_one(z, pwl, pwl_lo, pwl_hi)
        reads += 1 if 0 <= idx < K else 0
        pwl_events += hit
        zero = gated and idx == K                   # -w > L: y = 0
        bypass = gated and idx == -1                # -w < -L: e = 0, y = x
        a = one if not gated else (np.int64(0) if zero or bypass else xj << num_shift)
        b = (one + e) << den_shift
        theta, scale = div_theta(b, div)
        q, count, wide = _divide_by(a, b, theta, scale, G)
        spikes += count
        wides += wide
        y[j], hit = requantize_one(q, out_drop, out, out_lo, out_hi)
        out_events += hit
        if zero:
            y[j] = 0
        if bypass:
            y[j], hit = requantize_one(xj, bypass_drop, out, out_lo, out_hi)
            bypassed += 1
            bypass_events += hit
    for k, value in enumerate((clamped, reads, pwl_events, spikes, out_events, poly_events,
                               bypassed, bypass_events, wides)):
        acc[k] += value


@njit(cache=True, parallel=True)
def _activation_kernel(x, xf, frac, xfmt, p, pwl, div, y, per_chunk):
    """x int64 [n], or float inputs xf [n] quantized with frac, xfmt into y's chunk first (x
    then empty); per_chunk [chunks(n), _NACT + _NIN] zeros: each chunk's
    abi.ACTIVATION_COUNTS, then abi.FLOAT_INPUT_COUNTS."""
    kind, clip_raw, poly, poly_in_drop, poly_frac = (p.kind, p.clip_raw, p.poly, p.poly_in_drop,
                                                     p.poly_frac)
    c1_m, c3_m, c1_shift, c3_shift = p.c1_m, p.c3_m, p.c1_shift, p.c3_shift
    exp_in_drop, exp_in, den_shift, num_shift = p.exp_in_drop, p.exp_in, p.den_shift, p.num_shift
    out_drop, out, bypass_drop = p.out_drop, p.out, p.bypass_drop
    floats, n = xf.size > 0, max(x.size, xf.size)
    for c in prange(per_chunk.shape[0]):
        j0, j1 = c * CHUNK, min(n, (c + 1) * CHUNK)
        if floats:                              # quantized into y's chunk, then in place
            quantize_span(xf[j0:j1], frac, xfmt, y[j0:j1], per_chunk[c], _NACT)
        _activation_span(y[j0:j1] if floats else x[j0:j1], kind, clip_raw, poly, poly_in_drop,
                         poly_frac, c1_m, c3_m, c1_shift, c3_shift, exp_in_drop, exp_in,
                         den_shift, num_shift, out_drop, out, bypass_drop, pwl, div, y[j0:j1],
                         per_chunk[c])


def activation(x: np.ndarray, plan: abi.ActivationPlan):
    """Same contract as fxsim.backends.c.activation."""
    flat_x = _writable(x).reshape(-1)
    y = np.empty_like(flat_x)
    p = flat(plan)
    counts = _summed(_activation_kernel, _chunks(flat_x.size), _NACT, flat_x, _NO_FLOATS, 0,
                     p.out, p, p.pwl, p.div, y)
    return y.reshape(np.shape(x)), abi.named_counts(abi.ACTIVATION_COUNTS, counts[:_NACT])


def activation_floats(x: np.ndarray, x_fmt: Format, plan: abi.ActivationPlan):
    """Same contract as fxsim.backends.c.activation_floats."""
    flat_x = float64_values(x)
    y = np.empty(flat_x.size, np.int64)
    p = flat(plan)
    counts = _summed(_activation_kernel, _chunks(flat_x.size), _NACT, np.zeros(0, np.int64),
                     flat_x, x_fmt.frac, flat_format(x_fmt), p, p.pwl, p.div, y)
    return (y.reshape(np.shape(x)), abi.named_counts(abi.ACTIVATION_COUNTS, counts[:_NACT]),
            abi.named_counts(abi.FLOAT_INPUT_COUNTS, counts[_NACT:]))


@njit(cache=True)
def row_exponent_of(u, top_bits, exp_lo):
    """e = max(bit_length(max |u|) - top_bits, exp_lo) (row_exponent_of of csrc/fx_ops.c)."""
    top = np.int64(0)
    for j in range(u.shape[0]):
        top |= u[j] if u[j] >= 0 else -u[j]
    return max(bit_length_one(top) - top_bits, exp_lo)


@njit(cache=True)
def _norm_row(xr, center, inv_d_m, inv_d_shift, row_exponent, top_bits, exp_lo, eps_leaves,
              norm_in_drop, norm_in, weight, bias, num_drop, sqrt_d_m, sqrt_d_shift, den_shift,
              q_drop, q_format, out_drop, out, pn, div, y, acc):
    """One row of fx_norm (the NormPlan's fields of the same names): y[d] from the raw row
    xr[d] (xr may be y: the row is read before y is written); acc[:_NNORM] += the row's
    abi.NORM_COUNTS."""
    d = y.size
    m = pn.d + pn.has_eps
    ni_lo, ni_hi = limits(norm_in)
    q_lo, q_hi = limits(q_format)
    out_lo, out_hi = limits(out)
    has_weight, has_bias = weight.size > 0, bias.size > 0
    G = div.group
    scratch = np.empty(d + 2 * m, np.int64)            # v, tree, the sort's buffer
    no_trace2, no_trace3 = np.zeros((0, 0), np.int64), np.zeros((0, 0, 0), np.int64)
    if center == _CENTER_EXACT:
        xc = xr * d - xr.sum()
    elif center == _CENTER_MEAN:
        xc = xr - rescale(xr.sum() * inv_d_m, inv_d_shift)
    else:
        xc = xr.copy()
    e = row_exponent_of(xc, top_bits, exp_lo) if row_exponent else 0
    events = 0
    for j in range(d):
        scratch[j], hit = requantize_one(xc[j], norm_in_drop + e, norm_in, ni_lo, ni_hi)
        events += hit
        xc[j] = rescale(xc[j], e)
    acc[0] += events
    eps_raw = eps_leaves[e - exp_lo] if row_exponent and pn.has_eps else pn.eps_raw
    norm = polarnorm_row(scratch[:d], pn, scratch[d:d + m], scratch[d + m:], acc[1:4], 0, False,
                         no_trace2, no_trace3, no_trace3, no_trace2, eps_raw)
    b = max(norm, np.int64(1)) << den_shift
    theta, scale = div_theta(b, div)
    spikes = q_events = out_events = wides = 0
    for j in range(d):
        a0 = rescale(xc[j] * weight[j] if has_weight else xc[j], num_drop)
        a = rescale(a0 * sqrt_d_m, sqrt_d_shift)
        q, count, wide = _divide_by(a, b, theta, scale, G)
        spikes += count
        wides += wide
        q, hit = requantize_one(q, q_drop, q_format, q_lo, q_hi)
        q_events += hit
        if has_bias:
            q, hit = requantize_one(q + bias[j], out_drop, out, out_lo, out_hi)
            out_events += hit
        y[j] = q
    acc[4] += spikes
    acc[5] += q_events
    acc[6] += out_events
    acc[7] += wides


@njit(cache=True, parallel=True)
def _norm_kernel(x, xf, frac, xfmt, p, pn, div, y, per_row):
    """x int64 [rows, d], or float rows xf [rows * d] quantized with frac, xfmt into y's row
    first (x then [0, d]); y [rows, d]; per_row [rows, _NNORM + _NIN] zeros: each row's
    abi.NORM_COUNTS, then abi.FLOAT_INPUT_COUNTS."""
    rows, d = y.shape
    floats = xf.size > 0
    center, inv_d_m, inv_d_shift = p.center, p.inv_d_m, p.inv_d_shift
    row_exponent, top_bits, exp_lo, eps_leaves = p.row_exponent, p.top_bits, p.exp_lo, p.eps_leaves
    norm_in_drop, norm_in, weight, bias = p.norm_in_drop, p.norm_in, p.weight, p.bias
    num_drop, sqrt_d_m, sqrt_d_shift, den_shift = p.num_drop, p.sqrt_d_m, p.sqrt_d_shift, p.den_shift
    q_drop, q_format, out_drop, out = p.q_drop, p.q_format, p.out_drop, p.out
    for r in prange(rows):
        if floats:                              # quantized into y's row, then in place
            quantize_span(xf[r * d:(r + 1) * d], frac, xfmt, y[r], per_row[r], _NNORM)
        _norm_row(y[r] if floats else x[r], center, inv_d_m, inv_d_shift, row_exponent,
                  top_bits, exp_lo, eps_leaves, norm_in_drop, norm_in, weight, bias, num_drop,
                  sqrt_d_m, sqrt_d_shift, den_shift, q_drop, q_format, out_drop, out, pn, div,
                  y[r], per_row[r])


def norm_rows(x: np.ndarray, plan: abi.NormPlan):
    """Same contract as fxsim.backends.c.norm_rows."""
    x = _writable(x)
    y = np.empty_like(x)
    p = flat(plan)
    counts = _summed(_norm_kernel, x.shape[0], _NNORM, x, _NO_FLOATS, 0, p.out, p, p.pn, p.div, y)
    return y, abi.named_counts(abi.NORM_COUNTS, counts[:_NNORM])


def norm_float_rows(x: np.ndarray, x_fmt: Format, plan: abi.NormPlan):
    """Same contract as fxsim.backends.c.norm_float_rows."""
    rows, d = x.shape
    y = np.empty((rows, d), np.int64)
    p = flat(plan)
    counts = _summed(_norm_kernel, rows, _NNORM, np.zeros((0, d), np.int64), float64_values(x),
                     x_fmt.frac, flat_format(x_fmt), p, p.pn, p.div, y)
    return (y, abi.named_counts(abi.NORM_COUNTS, counts[:_NNORM]),
            abi.named_counts(abi.FLOAT_INPUT_COUNTS, counts[_NNORM:]))
