"""``fxsim calibrate``: size each replaced module's input formats from a float run on text and
write the per-module config ``fxsim audit --config`` reads (audit extra)."""
from __future__ import annotations

import importlib.util
import sys
import time
from pathlib import Path

import click

from ..errors import FxError
from ..studies.calibrate import MARGIN, calibrate, check_writable, fit_modules
from .options import (backend_option, force_option, method_option, model_options, preset_option,
                      split_names)


def read_texts(path: str | None, samples: int | None) -> list[str]:
    """The calibration texts: the non-empty lines of ``path``, else the Lee corpus documents;
    the first ``samples`` of them."""
    if path is None:
        from ..audit.data import lee_corpus
        texts = lee_corpus()[0]
    else:
        try:
            texts = [line for line in Path(path).read_text(encoding="utf-8").splitlines()
                     if line.strip()]
        except (OSError, UnicodeDecodeError) as exc:
            raise FxError(f"cannot read --text {path}: {exc}") from None
        if not texts:
            raise FxError(f"--text {path} holds no text (no non-empty line)")
    return texts[:samples] if samples else texts


@click.command("calibrate")
@model_options()
@method_option()
@preset_option()
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              help="base config TOML ([softmax] / [activation] / [norm]) over the preset")
@click.option("--text", "text_path", type=click.Path(dir_okay=False),
              help="calibration text, one text per non-empty line (default: the Lee corpus)")
@click.option("--samples", type=click.IntRange(min=1), default=None,
              help="use the first N texts (default: every text)")
@click.option("--margin", type=click.FloatRange(min=1.0), default=MARGIN, show_default=True,
              help="formats hold margin x the largest observed |input|")
@click.option("--max-length", type=click.IntRange(min=1), default=256, show_default=True,
              help="tokens per text (longer texts are truncated)")
@click.option("--output-rel-l2", type=click.FloatRange(min=0.0, min_open=True), default=None,
              help="also give each module the fewest output fractional bits whose op-level "
                   "relative L2 error on its recorded inputs is at most this")
@backend_option(default="c")
@click.option("--out", "out_path", type=click.Path(dir_okay=False), required=True,
              help="config TOML to write (and its .npz histograms beside it)")
@click.option("--fits/--no-fits", default=True, show_default=True,
              help="method mbe: fit each activation module's MBE neuron to its histogram "
                   "(fit extra: scipy) and write <stem>.fits.json")
@click.option("--fit-restarts", type=click.IntRange(min=1), default=1, show_default=True,
              help="search restarts of each per-module fit")
@force_option()
def calibrate_command(model_name: str, ops_text: str | None, method: str, preset: str,
                      config_path: str | None, text_path: str | None, samples: int | None,
                      margin: float, max_length: int, output_rel_l2: float | None,
                      backend: str, out_path: str, fits: bool, fit_restarts: int,
                      force: bool) -> None:
    """Run MODEL float on calibration text, record each replaced module's input range and
    histogram, and write a per-module config with input formats sized from the observed
    range (audit extra); with method mbe also each activation module's MBE fit."""
    check_writable(out_path, force)
    fits = fits and method == "mbe"
    if fits and importlib.util.find_spec("scipy") is None:
        raise FxError("per-module MBE fits need scipy: pip install 'fxsim[fit]' "
                      "(or pass --no-fits)")
    try:
        from ..audit import check_spec, load_configs, load_model, model_ops
    except ImportError as exc:
        raise FxError(f"fxsim calibrate needs the audit extra ({exc.name} missing)") from None
    check_spec(model_name)
    texts = read_texts(text_path, samples)
    t0 = time.perf_counter()
    loaded = load_model(model_name)
    t1 = time.perf_counter()
    wanted = split_names(ops_text) if ops_text else model_ops(loaded.model)
    configs = load_configs(config_path, wanted, method, preset)
    with click.progressbar(length=len(texts), label="texts", file=sys.stderr) as bar:
        result = calibrate(loaded.model, loaded.tokenizer, texts, wanted, method,
                           configs, margin, max_length, progress=bar.update,
                           label=model_name, output_rel_l2=output_rel_l2, backend=backend)
    t2 = time.perf_counter()
    if fits:
        click.echo("per-module MBE fits (weighted by each module's input histogram):")
        fit_modules(result, restarts=fit_restarts, log=click.echo)
    toml_path, npz = result.write(out_path)
    click.echo(f"{model_name}: {result.texts} texts, {result.tokens} tokens; load "
               f"{t1 - t0:.1f} s, float run and sizing {t2 - t1:.1f} s")
    for m in result.modules:
        st = m.stats
        error = "" if m.output_rel_l2 is None else (
            f" (output rel L2 {m.output_rel_l2:.2g}{'' if m.output_met else ', target unmet'})")
        click.echo(f"  {m.name}: [{st.min:.4g}, {st.max:.4g}] -> "
                   + ", ".join(f"{k} {v}" for k, v in m.formats.items()) + error)
    if result.unseen:
        click.echo(f"  never ran (no rule written): {', '.join(result.unseen)}")
    click.echo(f"wrote {toml_path} and {npz}")
