"""``fxsim audit``: a pretrained Transformer run float and fixed side by side on real text (the
``audit`` extra: torch, transformers and the model/data packages, imported when a run needs
them). models: which model (shipped name, directory, GGUF) and its loading; tasks: the jobs and
metrics per model kind; coverage: what a conversion left float; run: modes, per-layer errors,
the audit; config: the config TOML; data: the offline corpora; report: report.md, report.html, plots and metrics.json."""
from .config import load_audit_config, load_configs
from .coverage import check_strict, left_float
from .models import KINDS, MODEL_NAMES, SHIPPED, LoadedModel, cache_dir, check_spec, load_model
from .report import PLOTS, render_html, render_markdown, summary_lines, write_report
from .run import (HIST_SAMPLES, AuditOptions, LayerError, LayerErrors, Runner, audit,
                  audit_task, check_options, first_divergence, model_ops,
                  run_audit, valid_mask)
from .tasks import (MIN_PAIRS, CausalLMTask, EmbeddingTask, HiddenStateTask, Job, Task,
                    task_for)

__all__ = ["HIST_SAMPLES", "KINDS", "MIN_PAIRS", "MODEL_NAMES", "PLOTS", "SHIPPED",
           "AuditOptions", "CausalLMTask", "EmbeddingTask", "HiddenStateTask", "Job",
           "LayerError", "LayerErrors", "LoadedModel", "Runner", "Task", "audit", "audit_task",
           "cache_dir", "check_options", "check_spec", "check_strict", "first_divergence",
           "left_float", "load_audit_config", "load_configs", "load_model", "model_ops", "render_html",
           "render_markdown", "run_audit", "summary_lines", "task_for", "valid_mask",
           "write_report"]
