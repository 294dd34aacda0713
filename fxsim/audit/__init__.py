"""``fxsim audit``: a pretrained Transformer run float and fixed side by side on real text (the
``audit`` extra: torch, transformers and the model/data packages, imported when a run needs
them). run: models, modes, per-layer errors and task metrics; data: the offline corpora;
report: report.md, report.html, plots and metrics.json."""
from .config import load_audit_config, load_configs
from .report import PLOTS, render_html, render_markdown, summary_lines, write_report
from .run import (ADAPTERS, DEFAULT_OPS, HIST_SAMPLES, MODEL_NAMES, Adapter, AuditOptions, Gemma,
                  Job, LayerError, LayerErrors, MiniLM, Runner, cache_dir, first_divergence,
                  run_audit, valid_mask)

__all__ = ["ADAPTERS", "DEFAULT_OPS", "HIST_SAMPLES", "MODEL_NAMES", "PLOTS", "Adapter",
           "AuditOptions", "Gemma", "Job", "LayerError", "LayerErrors", "MiniLM", "Runner",
           "cache_dir", "first_divergence", "load_audit_config", "load_configs", "render_html", "render_markdown",
           "run_audit", "summary_lines", "valid_mask", "write_report"]
