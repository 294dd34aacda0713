"""``fxsim audit``: a pretrained Transformer, float and fixed, on real text (the audit extra)."""
from __future__ import annotations

import sys
from collections.abc import Callable

import click

from ..audit import AuditOptions, run_audit, summary_lines, write_report
from ..errors import FxError
from .options import (backend_option, force_option, method_option, out_dir_option,
                      require_new_dir, seed_option, split_names)


@click.command("audit")
@click.option("--model", "model_name", required=True, help="minilm | gemma3-270m")
@click.option("--ops", "ops_text", default=None,
              help="comma list of softmax,gelu,silu,layernorm,rmsnorm (default: the model's)")
@method_option()
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              help="TOML with [softmax] / [activation] / [norm] tables and [[module]] rules "
                   "(fxsim calibrate output; default: paper presets)")
@click.option("--samples", type=int, default=None,
              help="cap on texts per task (default: every text)")
@backend_option(default="c")
@click.option("--diverge-at", type=float, default=0.05, show_default=True,
              help="relative L2 error that marks the first diverging layer")
@click.option("--batch-size", type=int, default=None, help="texts per forward (model default)")
@seed_option()
@out_dir_option()
@force_option()
def audit(model_name: str, ops_text: str | None, method: str, config_path: str | None,
          samples: int | None, backend: str, diverge_at: float, batch_size: int | None,
          seed: int, out_dir: str, force: bool) -> None:
    """Run a pretrained Transformer float and fixed side by side on real text and write
    report.md, report.html, plots and metrics.json to OUT (audit extra)."""
    require_new_dir(out_dir, force)
    opts = AuditOptions(model=model_name, method=method, config=config_path,
                        ops=split_names(ops_text) if ops_text else None, samples=samples,
                        backend=backend, diverge_at=diverge_at, batch_size=batch_size, seed=seed)
    try:
        result = run_audit(opts, progress_bar, echo=click.echo)
    except ImportError as exc:
        raise FxError(f"fxsim audit needs the audit extra ({exc.name} missing): "
                      "pip install -c constraints.txt -e '.[audit]'") from None
    write_report(result, out_dir, " ".join(["fxsim"] + sys.argv[1:]), force=force)
    for line in summary_lines(result):
        click.echo(line)
    for name, values in result["task_metrics"].items():
        click.echo(f"  {name}: " + ", ".join(f"{m} {v:.4f}" for m, v in values.items()))
    click.echo(f"report written to {out_dir}")


def progress_bar(length: int) -> Callable:
    """A click progress bar over ``length`` texts, on stderr."""
    return click.progressbar(length=length, label="texts", file=sys.stderr)
