"""Output widths from an op-level error target (``fxsim calibrate --output-rel-l2 T``;
docs/audit.md "Calibrate").

Rule: a module's output format gets the fewest fractional bits F in FRACS whose op-level
relative L2 error, sqrt(sum (y - f)^2 / sum f^2) of the fxsim operator's output y against the
float function f (the stand-in's proxy) on the module's recorded input rows, is at most T.
The output is rounded to nearest even (RND_CONV) from a Division group quotient of n = F + 1
bits; its integer bits are given by the caller (calibrate: the margin rule on the observed
outputs), and F stops where the format would pass 32 bits. A module
whose error stays above T at every F (an error floor the output bits cannot lower, e.g. the
PWL-Exp segments) gets the F of its smallest error and is listed as unmet.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence

import numpy as np

from ..errors import FxError
from ..formats import MAX_WIDTH, Rounding, as_format

#: fractional bits searched, fewest first
FRACS = range(6, 17)


def output_fields(output_format: str, frac: int) -> dict:
    """``output_format`` with ``frac`` fractional bits (integer bits kept), rounded to nearest
    even, and the Division group's n = frac + 1."""
    out = as_format(output_format)
    fmt = out.replace(width=out.int_bits + frac, frac=frac, rounding=Rounding.RND_CONV)
    return {"output_format": str(fmt), "n": frac + 1}


def op_rel_l2(module, rows: Sequence[np.ndarray], fields: Mapping) -> float | None:
    """Relative L2 error of ``module``'s operator with ``fields`` over its config against its
    float (proxy) function on ``rows`` (float32 arrays, last axis the op's); None if the config
    or the operator refuses the fields (an FxError, e.g. a Division group G past its limit).
    Softmax rows hold masked scores as -inf: the operator sees its input format's minimum
    there, as in attention, and the float function gives them weight 0."""
    import torch
    base = module.config
    sum_err = sum_ref = 0.0
    try:
        module.config = dataclasses.replace(base, **fields)
        floor = module.input_floor() if hasattr(module, "input_floor") else None
        for x in rows:
            seen = x if floor is None else np.where(np.isneginf(x), np.float32(floor), x)
            y = module.fixed_call(seen).to_float(np.float64).ravel()
            ref = module.proxy_fn(torch.from_numpy(x)).double().numpy().ravel()
            sum_err += float((y - ref) @ (y - ref))
            sum_ref += float(ref @ ref)
    except FxError:
        return None
    finally:
        module.config = base
    return (sum_err / sum_ref) ** 0.5 if sum_ref > 0 else 0.0


def smallest_output(module, rows: Sequence[np.ndarray], fields: Mapping,
                    target: float) -> tuple[dict, float, bool]:
    """(output fields, their op-level relative L2 error, met) for the fewest fractional bits
    meeting ``target`` (the rule above); ``fields``: the module's sized fields so far (its
    input format, a widened output format), applied in every evaluation."""
    start = fields.get("output_format", module.config.output_format)
    best: tuple[dict, float] | None = None
    for frac in FRACS:
        if as_format(start).int_bits + frac > MAX_WIDTH:
            break
        candidate = output_fields(start, frac)
        error = op_rel_l2(module, rows, {**fields, **candidate})
        if error is None:
            break
        if error <= target:
            return candidate, error, True
        if best is None or error < best[1]:
            best = (candidate, error)
    if best is None:
        raise FxError(f"{module.fx_op} output widths: no fractional bits in "
                      f"{FRACS.start}..{FRACS.stop - 1} run with this config")
    return best[0], best[1], False
