"""Audit benchmark (not a test): one MiniLM forward on 64 real sentences (the first 64
sentences of gensim's Lee corpus), float vs fixed (softmax, GELU and LayerNorm replaced by
fxsim operators), timed side by side in one run (medians, float and fixed alternating within
each repeat so both see the same load); target: fixed within 3x of float.

    python tools/bench_audit.py [--backend c] [--method nlspike] [--repeats K] [--json PATH]

Also prints how the fixed forward's time splits over the replaced op kinds (forward pre/post
hooks around every stand-in). Needs the audit extra.
"""
from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections import defaultdict

TARGET = 3.0


def sentences(n: int = 64) -> list[str]:
    from fxsim.audit.data import lee_corpus
    docs, _ = lee_corpus()
    out = []
    for doc in docs:
        out += [s.strip() for s in re.split(r"(?<=[.!?])\s+", doc) if len(s.split()) >= 4]
    return out[:n]


def interleaved_medians(model, forward, repeats: int) -> dict[str, float]:
    """Median seconds of ``forward`` per mode, the modes alternating within each repeat so
    both see the same machine load (the machine is shared)."""
    import fxsim.torch as ft
    times: dict[str, list[float]] = {"float": [], "fixed": []}
    for i in range(repeats + 1):                       # the first round is a warm-up
        for mode in times:
            ft.set_mode(model, mode)
            start = time.perf_counter()
            forward()
            if i:
                times[mode].append(time.perf_counter() - start)
    return {mode: statistics.median(t) for mode, t in times.items()}


def op_split(model, run) -> dict[str, float]:
    """Seconds per stand-in kind during one ``run()``."""
    import fxsim.torch as ft
    spent: dict[str, float] = defaultdict(float)
    starts: dict[str, float] = {}
    handles = []
    for name, module in ft.stand_ins(model).items():
        kind = module.fx_op
        handles.append(module.register_forward_pre_hook(
            lambda m, i, name=name: starts.__setitem__(name, time.perf_counter())))
        handles.append(module.register_forward_hook(
            lambda m, i, o, name=name, kind=kind:
            spent.__setitem__(kind, spent[kind] + time.perf_counter() - starts[name])))
    try:
        run()
    finally:
        for h in handles:
            h.remove()
    return dict(spent)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", default="c")
    parser.add_argument("--method", default="nlspike")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", dest="json_path")
    args = parser.parse_args(argv)
    import torch

    import fxsim.torch as ft
    from fxsim.audit import EmbeddingTask, load_model
    adapter = EmbeddingTask(load_model("minilm"))
    texts = sentences()
    inputs = adapter.encode(texts)
    ft.convert(adapter.model, {"softmax": None, "gelu": None, "layernorm": None},
               method=args.method, backend=args.backend)

    def forward():
        with torch.inference_mode():
            adapter.forward(inputs)

    times = interleaved_medians(adapter.model, forward, args.repeats)
    ft.set_mode(adapter.model, "fixed")
    split = op_split(adapter.model, forward)
    ft.set_mode(adapter.model, "float")
    ratio = times["fixed"] / times["float"]
    shape = list(inputs["input_ids"].shape)
    print(f"MiniLM forward, {shape[0]} sentences x {shape[1]} tokens (padded), "
          f"torch {torch.__version__}, {torch.get_num_threads()} threads, backend {args.backend}")
    print(f"  float {times['float'] * 1e3:.1f} ms   fixed {times['fixed'] * 1e3:.1f} ms   "
          f"ratio {ratio:.1f}x (target <= {TARGET}x: {'met' if ratio <= TARGET else 'NOT met'})")
    print("  fixed time in replaced ops: " + ", ".join(
        f"{k} {v * 1e3:.0f} ms" for k, v in sorted(split.items(), key=lambda kv: -kv[1])))
    if args.json_path:
        with open(args.json_path, "w") as fh:
            json.dump({"shape": shape, "backend": args.backend, "seconds": times,
                       "ratio": ratio, "op_seconds": split}, fh, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
