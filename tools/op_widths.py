"""Op-level width evidence (not a test): record the real input rows of every replaced op of a
model on a few texts (float mode), then run each op's fxsim operator on those rows at several
output and input widths and print its relative L2 error against the float function on the
same rows (the audit's "local" error), pooled per op kind, with the worst module and the mean
error (the bias a floor leaves). Seconds per variant; the model-level audit confirms.

    python tools/op_widths.py --model smollm2-135m [--samples 2] [--rows 24]

Variants, each over the audit preset (fxsim/audit/config.py): ``P1`` (8 fractional bits
floored from an n = 8 Division group), ``F<k>`` (k fractional bits rounded to nearest even
from n = k + 1), and for the norms the input format ``in<I>`` (fixed<32,I>) at F10. Needs the
audit extra.
"""
from __future__ import annotations

import argparse
import dataclasses

import numpy as np

P1 = {"softmax": ("ufixed<9,1,TRN,SAT>", 8), "activation": ("fixed<20,12,TRN,SAT>", 8),
      "norm": ("fixed<32,24,TRN,SAT>", 8)}
INT_BITS = {"softmax": 1, "activation": 12}      # norm: 32 bits wide, the rest integer


def output_fields(table: str, frac: int) -> dict:
    """``output_format`` with ``frac`` fractional bits rounded to nearest even, n = frac + 1."""
    if table == "norm":
        fmt = f"fixed<32,{32 - frac},RND_CONV,SAT>"
    else:
        kind = "ufixed" if table == "softmax" else "fixed"
        fmt = f"{kind}<{INT_BITS[table] + frac},{INT_BITS[table]},RND_CONV,SAT>"
    return {"output_format": fmt, "n": frac + 1}


def variants() -> dict[str, dict]:
    """label -> {table: field overrides}."""
    out = {"P1": {t: {"output_format": f, "n": n} for t, (f, n) in P1.items()}}
    for frac in (8, 9, 10, 12):
        out[f"F{frac}"] = {t: output_fields(t, frac) for t in P1}
    for bits in (16, 18, 20):
        out[f"F10 in{bits}"] = {"norm": {**output_fields("norm", 10),
                                         "input_format": f"fixed<32,{bits},RND_CONV,SAT>"}}
    return out


def record(model_name: str, samples: int, rows: int, seed: int = 0):
    """(stand-ins by name, lists of recorded input row arrays by name): the first ``samples``
    texts of the model's audit task, float mode, up to ``rows`` random rows per module."""
    import torch

    import fxsim.torch as ft
    from fxsim.audit import load_configs, load_model, model_ops
    from fxsim.audit.tasks import task_for
    task = task_for(load_model(model_name))
    configs = load_configs(None, model_ops(task.model), "nlspike")
    ft.convert(task.model, configs, method="nlspike", backend="c")
    modules = ft.stand_ins(task.model)
    rng = np.random.default_rng(seed)
    seen: dict[str, list] = {name: [] for name in modules}

    def hook_for(name):
        def hook(_module, args):
            x = args[0].detach().float().cpu().numpy()
            flat = x.reshape(-1, x.shape[-1])
            room = rows - sum(len(r) for r in seen[name])
            if room > 0:
                seen[name].append(flat[rng.choice(len(flat), min(room, len(flat)),
                                                  replace=False)])
        return hook

    hooks = [m.register_forward_pre_hook(hook_for(n)) for n, m in modules.items()]
    ft.set_mode(task.model, "float")
    with torch.inference_mode():
        for job in task.jobs(samples, seed):
            if job.float_only:
                continue
            for start in range(0, len(job.texts), task.batch_size):
                task.forward(task.encode(job.texts[start:start + task.batch_size]))
    for hook in hooks:
        hook.remove()
    return modules, {n: r for n, r in seen.items() if r}


def op_error(module, rows: list, fields: dict) -> tuple[float, float, float, int]:
    """(sum of squared errors, sum of squared float outputs, sum of errors, element count) of
    ``module``'s operator at its config with ``fields`` over it, on ``rows`` (arrays); softmax
    leaves out masked scores (the input format's minimum, as attention sets them)."""
    import torch
    base = module.config
    totals = [0.0, 0.0, 0.0, 0]
    module.config = dataclasses.replace(base, **fields)
    try:
        for x in rows:
            y = module.fixed_call(x).to_float(np.float64).ravel()
            ref = module.proxy_fn(torch.from_numpy(x)).double().numpy().ravel()
            if module.fx_op == "softmax":
                keep = x.ravel() > base.fmt("input_format").min_raw * base.fmt("input_format").lsb
                y, ref = y[keep], ref[keep]
            err = y - ref
            totals = [totals[0] + float(err @ err), totals[1] + float(ref @ ref),
                      totals[2] + float(err.sum()), totals[3] + err.size]
    finally:
        module.config = base
    return tuple(totals)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", required=True)
    parser.add_argument("--samples", type=int, default=2)
    parser.add_argument("--rows", type=int, default=24, help="rows recorded per module")
    args = parser.parse_args()
    modules, data = record(args.model, args.samples, args.rows)
    print("| variant | op | rel L2 (pooled) | worst module | its rel L2 | mean error |")
    print("|---|---|---:|---|---:|---:|")
    for label, tables in variants().items():
        pooled: dict[str, list] = {}
        for name, rows in data.items():
            module = modules[name]
            table = type(module.config).TABLE
            if table not in tables:
                continue
            e2, r2, esum, count = op_error(module, rows, tables[table])
            acc = pooled.setdefault(module.fx_op, [0.0, 0.0, 0.0, 0, 0.0, ""])
            acc[0] += e2
            acc[1] += r2
            acc[2] += esum
            acc[3] += count
            rel = (e2 / r2) ** 0.5 if r2 else 0.0
            if rel > acc[4]:
                acc[4], acc[5] = rel, name
        for op, (e2, r2, esum, n, worst, where) in pooled.items():
            print(f"| {label} | {op} | {(e2 / r2) ** 0.5:.4f} | {where} | {worst:.4f} | "
                  f"{esum / n:+.1e} |")


if __name__ == "__main__":
    main()
