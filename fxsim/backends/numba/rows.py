"""backend="numba": the row kernels with the structure of csrc/fx_mbe_rows.c and
csrc/fx_fs_rows.c (chunks of rows; every MBE neuron and FS piece through the serial twins of
fx_mbe_op and fx_fs_op), on one thread: the plans stay nested namedtuples, which numba's
parallel loops do not take."""
from __future__ import annotations

import numpy as np
from numba import njit

from ...formats import Rounding
from .. import abi
from .arith import (ROUNDING, bit_length_one, fit_as, flat, limits, overflow_one,
                    requantize_one, rounding_rules, saturates, shift_right_one, shr, shr_make)
from .chain import requant, requant_make
from .fs import fs_preps, fs_serial
from .mbe import mantissa, mbe_preps, mbe_serial, post_shift

_NM = len(abi.MBE_COUNTS)
_SPIKES = abi.MBE_COUNTS.index("spikes")
_OV_POST = abi.MBE_COUNTS.index("overflow_post")
_NEWTON = abi.MBE_SOFTMAX_COUNTS.index("recip.newton_spikes")
_NORM_NEWTON = abi.MBE_NORM_COUNTS.index("rsqrt.newton_spikes")
_PRE_RSQRT = abi.MBE_PRE.index("rsqrt")
_NF = abi.FS_NCOUNTS
_CHUNK = 4096
_RND = int(Rounding.RND)
_FALLBACK = abi.ROWS_FALLBACK


@njit(cache=True, inline="always")
def _rows_per_chunk(d):
    return 1 if d >= _CHUNK else _CHUNK // d


@njit(cache=True)
def _mbe_add(p, preps, x, y, c):
    """mbe_add: fx_mbe_op's counts added to c[:MBE_COUNTS]."""
    counts = np.zeros(_NM, np.int64)
    mbe_serial(x, p, preps, y, counts)
    c += counts


@njit(cache=True)
def _enc_zero(e, preps):
    """(recon, spikes) of the encoder e on x = 0."""
    zero = np.zeros(1, np.int64)
    out = np.empty(1, np.int64)
    counts = np.zeros(_NM, np.int64)
    mbe_serial(zero, e.neuron, preps, out, counts)
    return out[0], counts[_SPIKES]


@njit(cache=True)
def _encode(e, preps, zero, x, recon):
    """recon = sign(x) (enc(|x|) - enc(0)); returns the spikes of both polarity parts."""
    lo, hi = limits(e.u_format)
    shift, widen = requant_make(e.u_drop, e.u_format)
    sat = saturates(e.u_format)
    u = np.empty(x.size, np.int64)
    for j in range(x.size):
        v, _ = requant(abs(x[j]), shift, widen, e.u_format, lo, hi, sat)
        u[j] = min(v, e.u_one)
    counts = np.zeros(_NM, np.int64)
    mbe_serial(u, e.neuron, preps, recon, counts)
    for j in range(x.size):
        r = recon[j] - zero[0]
        recon[j] = -r if x[j] < 0 else r
    return counts[_SPIKES] + x.size * zero[1]


@njit(cache=True)
def _enc_prep(e):
    """(preps, (recon, spikes) on x = 0) of the encoder e."""
    preps = mbe_preps(e.neuron.neuron)
    return preps, _enc_zero(e, preps)


@njit(cache=True)
def _product(ra, rb, drop, fmt, out):
    """product: out = requant(ra rb, drop, fmt); its overflow events."""
    lo, hi = limits(fmt)
    shift, widen = requant_make(drop, fmt)
    sat = saturates(fmt)
    events = 0
    for j in range(out.size):
        out[j], hit = requant(ra[j] * rb[j], shift, widen, fmt, lo, hi, sat)
        events += hit
    return events


@njit(cache=True)
def _newton_prep(nw):
    """newton_prepare, once per call: (the encoders m, y, s, t as _enc_prep gives them, the
    mantissa neuron's mbe_preps)."""
    return (_enc_prep(nw.enc_m), _enc_prep(nw.enc_y), _enc_prep(nw.enc_s), _enc_prep(nw.enc_t),
            mbe_preps(nw.neuron.neuron))


@njit(cache=True)
def _newton(nw, q, m, y, c):
    """newton: y refined by nw.steps steps for the mantissas m (q: _newton_prep(nw)); c[0],
    c[1] += the products' spikes and overflow events."""
    qm, qy, qs, qt = q[0], q[1], q[2], q[3]
    n = y.size
    ry, rm, t, rt = (np.empty(n, np.int64), np.empty(n, np.int64), np.empty(n, np.int64),
                     np.empty(n, np.int64))
    for _ in range(nw.steps):
        c[0] += (3 if nw.rsqrt else 2) * _encode(nw.enc_y, qy[0], qy[1], y, ry)
        rb = ry
        if nw.rsqrt:                                     # rt = recon(y^2)
            c[1] += _product(ry, ry, nw.sq_drop, nw.y_format, t)
            c[0] += _encode(nw.enc_s, qs[0], qs[1], t, rt)
            rb = rt
        c[0] += _encode(nw.enc_m, qm[0], qm[1], m, rm)
        c[1] += _product(rm, rb, nw.my_drop, nw.y_format, t)
        t[:] = nw.c_one - t
        c[0] += _encode(nw.enc_t, qt[0], qt[1], t, rt)
        c[1] += _product(ry, rt, nw.out_drop, nw.y_format, y)


@njit(cache=True)
def _mantissa_newton(nw, q, op, x, y, sh, cn, c):
    """mantissa_newton: y = the mantissa neuron alone on op's mantissas of x, refined (q:
    _newton_prep(nw)); sh = the exponents op's post shift adds; the neuron's counts into cn,
    the products' into c."""
    m = np.empty(x.size, np.int64)
    rsqrt = 1 if op.pre == _PRE_RSQRT else 0
    for i in range(x.size):
        m[i], sh[i] = mantissa(x[i], op.x_frac, op.mant_frac, rsqrt)
    _mbe_add(nw.neuron, q[4], m, y, cn)
    _newton(nw, q, m, y, c)


@njit(cache=True)
def _recip_newton(p, q, total, inv, c):
    """recip_newton: inv = 1/total by _mantissa_newton (q: _newton_prep(p.newton)), then
    recip's post shift."""
    sh = np.empty(total.size, np.int64)
    _mantissa_newton(p.newton, q, p.recip, total, inv, sh, c[_NM:2 * _NM], c[_NEWTON:_NEWTON + 2])
    pf = p.recip.post_format
    lo, hi = limits(pf)
    rules = rounding_rules(pf[ROUNDING])
    for i in range(total.size):
        inv[i], hit = overflow_one(post_shift(inv[i], sh[i] + p.recip.shift_base, rules), pf,
                                   lo, hi)
        c[_NM + _OV_POST] += hit


@njit(cache=True)
def _mbe_softmax(x, rows, p, y, c):
    d = p.d
    pe, pr = mbe_preps(p.exp.neuron), mbe_preps(p.recip.neuron)
    qe, qr = mbe_preps(p.enc_e.neuron.neuron), mbe_preps(p.enc_r.neuron.neuron)
    ze, zr = _enc_zero(p.enc_e, qe), _enc_zero(p.enc_r, qr)
    qn = _newton_prep(p.newton)
    lo, hi = limits(p.out)
    per = _rows_per_chunk(d)
    for r0 in range(0, rows, per):
        n = min(per, rows - r0) * d
        xs = x[r0 * d:r0 * d + n]
        z = np.empty(n, np.int64)
        for i in range(n // d):
            z[i * d:(i + 1) * d] = xs[i * d:(i + 1) * d] - xs[i * d:(i + 1) * d].max()
        e = np.empty(n, np.int64)
        _mbe_add(p.exp, pe, z, e, c[:_NM])
        total = e.reshape(n // d, d).sum(axis=1)
        if total.min() <= 0:
            return _FALLBACK
        inv = np.empty(total.size, np.int64)
        if p.newton.steps:
            _recip_newton(p, qn, total, inv, c)
        else:
            _mbe_add(p.recip, pr, total, inv, c[_NM:2 * _NM])
        re, ri = np.empty(n, np.int64), np.empty(total.size, np.int64)
        c[2 * _NM] += _encode(p.enc_e, qe, ze, e, re) + d * _encode(p.enc_r, qr, zr, inv, ri)
        for j in range(n):
            y[r0 * d + j], hit = requantize_one(re[j] * ri[j // d], p.out_drop, p.out, lo, hi)
            c[2 * _NM + 1] += hit
    return 0


def _mbe_rows(kernel, x: np.ndarray, plan, names: tuple[str, ...]):
    """Run an mbe row kernel over x [rows, d] (int64 raw): (y, counts named by names), or None
    where the kernel reports a fallback (the composition decides)."""
    x = np.ascontiguousarray(x, dtype=np.int64)
    y = np.empty(x.size, np.int64)
    counts = np.zeros(len(names), np.int64)
    if kernel(x.reshape(-1), x.shape[0], flat(plan), y, counts) == _FALLBACK:
        return None
    return y.reshape(x.shape), abi.named_counts(names, counts)


def mbe_softmax_rows(x: np.ndarray, plan: abi.MbeSoftmaxPlan):
    """Same contract as fxsim.backends.c.mbe_softmax_rows."""
    return _mbe_rows(_mbe_softmax, x, plan, abi.MBE_SOFTMAX_COUNTS)


@njit(cache=True)
def _scale_rows(p, xs, d, u, ex):
    """norm_scale: u = the rows centred (or not) and shifted by their exponents ex."""
    for i in range(ex.size):
        row = xs[i * d:(i + 1) * d]
        ui = u[i * d:(i + 1) * d]
        mean_d = row.sum() if p.centred else 0
        scale = d if p.centred else 1
        top = 0
        for j in range(d):
            ui[j] = row[j] * scale - mean_d
            top = max(top, abs(ui[j]))
        bits = bit_length_one(top)
        e = max(bits - p.top_bits, p.exp_lo)
        if e > p.exp_hi or (e < 0 and bits - e > 62):
            return _FALLBACK
        ex[i] = e
        shift, left = shr_make(max(e, 0), _RND), max(-e, 0)
        for j in range(d):
            ui[j] = shr(ui[j], shift) << left
    return 0


@njit(cache=True)
def _variance(p, rx, d, ex, var, c):
    """norm_var: var = mean of the squares + eps; FALLBACK where the composition raises."""
    lo, hi = limits(p.square_format)
    shift, widen = requant_make(p.sq_drop, p.square_format)
    sat = saturates(p.square_format)
    for i in range(ex.size):
        total = events = 0
        for j in range(i * d, (i + 1) * d):
            v, hit = requant(rx[j] * rx[j], shift, widen, p.square_format, lo, hi, sat)
            total += v
            events += hit
        c[1] += events
        total = shift_right_one(total, p.sum_drop, _RND)
        if bit_length_one(abs(total)) + bit_length_one(abs(p.inv_d_m)) > 62:
            return _FALLBACK
        prod = total * p.inv_d_m
        if p.var_drop > 0:
            v = shift_right_one(prod, p.var_drop, _RND)
        elif bit_length_one(abs(prod)) - p.var_drop > 62:
            return _FALLBACK
        else:
            v = prod << -p.var_drop
        var[i] = v + p.eps[ex[i] - p.exp_lo]
        if var[i] <= 0:
            return _FALLBACK
    return 0


@njit(cache=True)
def _norm_out(p, rx, rm, h, r0, d, y, c):
    """norm_out: y of the chunk's rows."""
    nf, of, w, bias = p.normed_format, p.out, p.weight, p.bias
    n_lo, n_hi = limits(nf)
    o_lo, o_hi = limits(of)
    n_sat, o_sat = saturates(nf), saturates(of)
    o_shift, o_widen = requant_make(p.out_drop, of)
    for i in range(h.size):
        s = p.shift_base - h[i]
        row, m = rx[i * d:(i + 1) * d], rm[i]
        normed = y[(r0 + i) * d:(r0 + i + 1) * d]
        if s >= 0:
            for j in range(d):
                if bit_length_one(abs(row[j] * m)) + s > 62:
                    return _FALLBACK
            for j in range(d):
                normed[j] = (row[j] * m) << s
        else:
            shift = shr_make(-s, nf[ROUNDING])
            for j in range(d):
                normed[j] = shr(row[j] * m, shift)
        events = 0
        for j in range(d):       # selects only: the loop vectorises
            normed[j], hit = fit_as(normed[j], nf, n_lo, n_hi, n_sat)
            events += hit
        c[3 + _NM] += events
        if w.size:
            for j in range(d):
                normed[j] *= w[j]
        if bias.size:
            for j in range(d):
                normed[j] += bias[j]
        events = 0
        for j in range(d):
            normed[j], hit = requant(normed[j], o_shift, o_widen, of, o_lo, o_hi, o_sat)
            events += hit
        c[4 + _NM] += events
    return 0


@njit(cache=True)
def _mbe_norm(x, rows, p, y, c):
    d = p.d
    qx, qm = mbe_preps(p.enc_x.neuron.neuron), mbe_preps(p.enc_m.neuron.neuron)
    zx, zm = _enc_zero(p.enc_x, qx), _enc_zero(p.enc_m, qm)
    pr, qn = mbe_preps(p.rsqrt.neuron), _newton_prep(p.newton)
    per = _rows_per_chunk(d)
    for r0 in range(0, rows, per):
        k = min(per, rows - r0)
        n = k * d
        u, rx, ex, var = (np.empty(n, np.int64), np.empty(n, np.int64), np.empty(k, np.int64),
                          np.empty(k, np.int64))
        if _scale_rows(p, x[r0 * d:r0 * d + n], d, u, ex) == _FALLBACK:
            return _FALLBACK
        c[0] += _encode(p.enc_x, qx, zx, u, rx)
        if _variance(p, rx, d, ex, var, c) == _FALLBACK:
            return _FALLBACK
        mant, rm, h = np.empty(k, np.int64), np.empty(k, np.int64), np.empty(k, np.int64)
        if p.newton.steps:
            _mantissa_newton(p.newton, qn, p.rsqrt, var, mant, h, c[2:2 + _NM],
                             c[_NORM_NEWTON:_NORM_NEWTON + 2])
        else:
            _mbe_add(p.rsqrt, pr, var, mant, c[2:2 + _NM])
        for i in range(k):
            e = bit_length_one(var[i]) - p.var_frac
            h[i] = (e - (e & 1)) // 2
        c[2 + _NM] += _encode(p.enc_m, qm, zm, mant, rm)
        if _norm_out(p, rx, rm, h, r0, d, y, c) == _FALLBACK:
            return _FALLBACK
    return 0


def mbe_norm_rows(x: np.ndarray, plan: abi.MbeNormPlan):
    """Same contract as fxsim.backends.c.mbe_norm_rows."""
    return _mbe_rows(_mbe_norm, x, plan, abi.MBE_NORM_COUNTS)


@njit(cache=True)
def _fs_softmax(x, rows, p, y, c):
    d = p.d
    se, pe = fs_preps(p.exp)
    sr, pr = fs_preps(p.recip)
    in_lo, in_hi = limits(p.exp.in_format)
    s_lo, s_hi = limits(p.sum_format)
    o_lo, o_hi = limits(p.out)
    ends = np.array([p.exp.lo, p.exp.hi], np.int64)
    end_acc = np.empty(2, np.int64)
    end_counts = np.zeros((2, _NF), np.int64)
    for k in range(2):
        fs_serial(ends[k:k + 1], p.exp, se, pe, False, end_acc[k:k + 1], end_counts[k])
    per = _rows_per_chunk(d)
    for r0 in range(0, rows, per):
        k = min(per, rows - r0)
        n = k * d
        e, v, idx, alive = (np.empty(n, np.int64), np.empty(n, np.int64),
                            np.empty(n, np.int64), np.empty(n, np.bool_))
        m, n_ends = 0, np.zeros(2, np.int64)
        for i in range(k):
            row = x[(r0 + i) * d:(r0 + i + 1) * d]
            mx = row.max()
            for j in range(d):
                tp = row[j] - mx + p.offset
                alive[i * d + j] = tp > p.cutoff
                r = tp
                if p.exp.requant_in:
                    r, hit = requantize_one(tp, p.exp.in_drop, p.exp.in_format, in_lo, in_hi)
                    c[0] += hit
                if r <= p.exp.lo or r >= p.exp.hi:
                    end = 0 if r <= p.exp.lo else 1
                    e[i * d + j] = end_acc[end]
                    n_ends[end] += 1
                else:
                    v[m] = r
                    idx[m] = i * d + j
                    m += 1
        c[:_NF] += n_ends[0] * end_counts[0] + n_ends[1] * end_counts[1]
        acc = np.empty(m, np.int64)
        fs_serial(v[:m], p.exp, se, pe, False, acc, c[:_NF])
        e[idx[:m]] = acc
        e[~alive] = 0
        total = np.empty(k, np.int64)
        for i in range(k):
            total[i], _ = requantize_one(e[i * d:(i + 1) * d].sum(), p.sum_drop, p.sum_format,
                                         s_lo, s_hi)
        inv = np.empty(k, np.int64)
        fs_serial(total, p.recip, sr, pr, p.recip.requant_in != 0, inv, c[_NF:2 * _NF])
        for j in range(n):
            y[r0 * d + j], hit = requantize_one(e[j] * inv[j // d], p.out_drop, p.out, o_lo,
                                                o_hi)
            c[2 * _NF] += hit


def fs_softmax_rows(x: np.ndarray, plan: abi.FsSoftmaxPlan):
    """Same contract as fxsim.backends.c.fs_softmax_rows."""
    x = np.ascontiguousarray(x, dtype=np.int64)
    y = np.empty(x.size, np.int64)
    counts = np.zeros(2 * _NF + 1, np.int64)
    _fs_softmax(x.reshape(-1), x.shape[0], flat(plan), y, counts)
    return y.reshape(x.shape), abi.fs_softmax_counts(counts, plan)
