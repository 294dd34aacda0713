"""``fxsim golden`` and ``fxsim verify``: write a golden-vector set, and check one."""
from __future__ import annotations

import click

from ..errors import FxError
from ..files.inputs import load_arrays
from ..vectors.golden import golden_set, verify_set
from .options import (backend_option, command_line, force_option, out_dir_option,
                      require_new_dir, split_names)


@click.command()
@click.argument("operator")
@click.option("--method", default=None, help="operator method (default: engine for population, "
              "nlspike for primitives and operators; mbe or fs for the P2 operators)")
@click.option("--preset", default=None, help="named config instead of --config (paper)")
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              help="TOML config (population: a population config; pwl_exp / divgroup / "
                   "polarnorm: one [name] table; operators: the method's table)")
@click.option("--input", "input_path", type=click.Path(dir_okay=False),
              help="raw inputs: .npy (the one input) or .npz (inputs by name)")
@click.option("--random", "random_count", type=int, is_flag=False, flag_value=0, default=None,
              help="draw raw inputs (needs --seed); optional N: elements, rows or divisions")
@click.option("--seed", type=int, default=None, help="seed for --random")
@click.option("--trace", is_flag=True, help="also store the per-step / per-iteration state")
@click.option("--formats", "kinds", default="hex,h,npz", show_default=True,
              help="comma list of hex, bin, h, npz")
@backend_option()
@out_dir_option()
@force_option()
def golden(operator: str, method: str | None, preset: str | None, config_path: str | None,
           input_path: str | None, random_count: int | None, seed: int | None, trace: bool,
           kinds: str, backend: str, out_dir: str, force: bool) -> None:
    """Write a golden-vector set (hex / bin, C header, npz, manifest.json) for OPERATOR:
    population, pwl_exp, divgroup, polarnorm, or an operator (softmax, sigmoid, silu,
    gelu_tanh, rmsnorm, layernorm; with --method mbe / fs the P2 operators)."""
    require_new_dir(out_dir, force)
    manifest = golden_set(operator, out_dir, method=method, preset=preset, config=config_path,
                          inputs=load_arrays(input_path) if input_path else None,
                          random=random_count, seed=seed, trace=trace, kinds=split_names(kinds),
                          backend=backend, force=force, command=command_line())
    click.echo(f"wrote {len(manifest['arrays'])} arrays to {out_dir} "
               f"(format_version {manifest['format_version']})")




@click.command()
@click.argument("directory", type=click.Path(file_okay=False))
@backend_option()
def verify(directory: str, backend: str) -> None:
    """Check every hash of a vector set, re-run it and compare every word."""
    problems = verify_set(directory, backend)
    if problems:
        raise FxError(f"{directory}: MISMATCH {problems[0]}")
    click.echo(f"{directory}: OK (all hashes and words match on backend {backend})")
