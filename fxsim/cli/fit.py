"""``fxsim fit``: fit MBE neurons offline (the fit extra: scipy)."""
from __future__ import annotations

import importlib.util

import click

from ..errors import FxError
from ..studies.fitting import fit as fit_one
from ..studies.fitting import describe, fit_shipped, save
from ..studies.weighting import parse_weighting
from .options import require_parent_dir, seed_option


@click.command()
@click.argument("function", required=False)
@click.option("--n", "n_bases", type=int, default=8, show_default=True, help="number of bases N")
@click.option("--domain", default=None, help="lo,hi (default: the function's P2 domain)")
@click.option("--no-decay", is_flag=True, help="constant kernels (P2's ablation)")
@click.option("--weight", "weight", default=None,
              help="weighting of the domain: uniform (default), normal:MU,SIGMA, laplace:MU,B, "
                   "hist:CALIBRATION.npz[:OP_OR_GLOB] (fxsim calibrate's histograms) or "
                   "act:NAME (a shipped histogram: gelu_gemma3_270m, silu_smollm2_135m)")
@click.option("--tails", is_flag=True,
              help="asymptotes outside the fit (gelu, silu, tanh): alone, the critical interval "
                   "of the exact-tails rule; with --domain lo,hi (lo < 0 < hi), a cut there")
@click.option("--init", default=None,
              help="warm start: restart 0 starts from this fit's bases (shipped name or "
                   "FILE#NAME; same banks, at most --n bases), extra bases drawn from seed + 1")
@seed_option()
@click.option("--restarts", type=int, default=3, show_default=True)
@click.option("--name", default=None, help="entry name in the output file (default FUNCTION_nN)")
@click.option("--shipped", is_flag=True, help="refit every fit shipped in fxsim/params")
@click.option("--out", "out_path", type=click.Path(dir_okay=False), required=True,
              help="parameter file to write (JSON, versioned)")
def fit(function: str | None, n_bases: int, domain: str | None, no_decay: bool,
        weight: str | None, tails: bool, init: str | None, seed: int, restarts: int,
        name: str | None,
        shipped: bool, out_path: str) -> None:
    """Fit an MBE neuron (T=16) to FUNCTION (gelu, tanh, exp2, inv, rsqrt, identity, silu)
    offline in float, deterministically from --seed; needs scipy (fxsim[fit])."""
    if importlib.util.find_spec("scipy") is None:
        raise FxError("fxsim fit needs scipy: pip install 'fxsim[fit]'")
    if shipped == bool(function):
        raise FxError("give one FUNCTION or --shipped")
    if restarts < 1:
        raise FxError("--restarts must be >= 1")
    if name is not None and not name.isidentifier():
        raise FxError(f"--name must be an identifier (letters, digits, _), got {name!r}")
    require_parent_dir(out_path)
    if shipped:
        records = fit_shipped(seed=seed, restarts=restarts, log=click.echo)
    else:
        record = fit_one(function, n_bases, seed=seed, restarts=restarts, decay=not no_decay,
                         domain=parse_domain(domain), weighting=parse_weighting(weight),
                         tails=tails, init=init)
        records = {name or f"{function}_n{n_bases}": record}
        click.echo(describe(record))
    save(records, out_path)
    click.echo(f"wrote {len(records)} fit(s) to {out_path}")


def parse_domain(text: str | None) -> tuple[float, float] | None:
    """``--domain lo,hi`` as two floats; None when not given."""
    if not text:
        return None
    try:
        lohi = tuple(float(v) for v in text.split(","))
    except ValueError:
        lohi = ()
    if len(lohi) != 2:
        raise FxError(f"--domain must be lo,hi, got {text!r}")
    return lohi
