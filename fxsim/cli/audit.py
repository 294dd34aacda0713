"""``fxsim audit``: a pretrained Transformer, float and fixed, on real text (the audit extra)."""
from __future__ import annotations

import sys
from collections.abc import Callable

import click

from ..audit import AuditOptions, run_audit, summary_lines, write_report
from ..errors import FxError
from .options import (backend_option, force_option, method_option, model_options,
                      out_dir_option, preset_option, require_new_dir, seed_option,
                      split_names)


@click.command("audit")
@model_options()
@method_option()
@preset_option()
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              help="TOML with [softmax] / [activation] / [norm] tables and [[module]] rules "
                   "over the preset (fxsim calibrate output)")
@click.option("--samples", type=int, default=None,
              help="cap on texts (windows for a causal LM) per task (default: every text)")
@click.option("--text", "text_path", type=click.Path(dir_okay=False),
              help="text file, one text per non-empty line (default: the model kind's data)")
@click.option("--strict", is_flag=True,
              help="error if a nonlinear module of the model has no fxsim operator")
@backend_option(default="c")
@click.option("--diverge-at", type=float, default=0.05, show_default=True,
              help="relative L2 error that marks the first diverging layer")
@click.option("--batch-size", type=int, default=None, help="texts per forward (model default)")
@seed_option()
@out_dir_option()
@force_option()
def audit(model_name: str, ops_text: str | None, method: str, preset: str,
          config_path: str | None,
          samples: int | None, text_path: str | None, strict: bool, backend: str,
          diverge_at: float, batch_size: int | None, seed: int, out_dir: str,
          force: bool) -> None:
    """Run a pretrained Transformer float and fixed side by side on real text and write
    report.md, report.html, plots and metrics.json to OUT (audit extra)."""
    require_new_dir(out_dir, force)
    opts = AuditOptions(model=model_name, method=method, config=config_path, preset=preset,
                        ops=split_names(ops_text) if ops_text else None, samples=samples,
                        backend=backend, diverge_at=diverge_at, batch_size=batch_size, seed=seed,
                        text=text_path, strict=strict)
    try:
        result = run_audit(opts, progress_bar, echo=click.echo)
    except ImportError as exc:
        raise FxError(f"fxsim audit needs the audit extra ({exc.name} missing): "
                      "pip install -c constraints.txt -e '.[audit]'") from None
    write_report(result, out_dir, " ".join(["fxsim"] + sys.argv[1:]), force=force)
    for line in summary_lines(result):
        click.echo(line)
    for name, values in result["task_metrics"].items():
        click.echo(f"  {name}: " + ", ".join(
            f"{m} {'null' if v is None else format(v, '.4f')}" for m, v in values.items()))
    for note in result["notes"]:
        click.echo(f"warning: {note}", err=True)
    click.echo(f"report written to {out_dir}")


def progress_bar(length: int) -> Callable:
    """A click progress bar over ``length`` texts, on stderr."""
    return click.progressbar(length=length, label="texts", file=sys.stderr)
