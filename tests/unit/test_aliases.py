"""Every deprecated alias module (docstring "Deprecated alias of X [and Y]; removed in ...")
still imports with the modules it names, re-exports whole, as the same objects, every module it
star-imports, and keeps the public names the module had before it moved (so code written
against the old path keeps running until the alias is removed)."""
from __future__ import annotations

import ast
import importlib
import types
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "fxsim"


def targets(path: Path) -> list[str] | None:
    """The modules an alias stands for, or None if ``path`` is not an alias."""
    doc = ast.get_docstring(ast.parse(path.read_text())) or ""
    if not doc.startswith("Deprecated alias of "):
        return None
    head = doc.removeprefix("Deprecated alias of ").split(";")[0]
    return [word.strip(".,`()") for word in head.split() if word.startswith(("fxsim.", "`fxsim."))]


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


PATHS = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py")) if targets(p) is not None}
ALIASES = {name: targets(path) for name, path in PATHS.items()}

#: public names of each module before it became an alias (read from its last version), still
#: offered; kernel_args' tuple encodings and bench's argparse entry point went with the move
OLD_NAMES = {
    "fxsim.ops.config": "write_flat_toml SoftmaxConfig ActivationConfig gelu_constants NormConfig "
                        "CONFIGS",
    "fxsim.ops.mbe_config": "ACTIVATION_FITS MbeActivationConfig MbeSoftmaxConfig MbeNormConfig "
                            "MbeScalarConfig FsActivationConfig",
    "fxsim.ops.prologue": "ADDITIVE Stats check_config quantized_input Begun begin",
    "fxsim.audit_data": "package_dir gensim_data lee_corpus word_pairs tweets",
    "fxsim.audit_report": "PLOTS metric_rows metric_header layer_header layer_rows summary_lines "
                          "EXPLAIN render_markdown render_html plot_layer_errors plot_histograms "
                          "plot_ranges write_report",
    "fxsim.backends.c_backend": "THREADS shift_right requantize overflow quantize simulate "
                                "openmp_enabled compile_flags polarnorm pwl_exp divgroup "
                                "softmax_rows softmax_float_rows activation norm_rows",
    "fxsim.backends.kernel_args": "format_tuple config SOFTMAX_COUNTS ACTIVATION_COUNTS "
                                  "NORM_COUNTS ACTIVATION_KINDS",
    "fxsim.bench": "SEED I_MAX CC NOISY MINIMAL_C TARGETS workload make_population MinimalLoop "
                   "time_median fxsim_variants mismatches environment render extension_cflags",
    "fxsim.check": "P1_FIGURES WORKLOADS CheckRow workload torch_reference check check_all render",
    "fxsim.check_p2": "INPUT_FORMAT FS_V_FORMAT FS_ACC_FORMAT TABLE_X_PAPER TABLE_X_COLUMNS LABELS "
                      "EXACT fit_name mbe_mse table_x render_table_x FsRow fs_row fs_table "
                      "render_fs PASN_FIGURES CompositeRow VARIANTS composite_inputs composite "
                      "composites render_composites",
    "fxsim.config": "read_toml population_from_dict input_from_dict load load_array to_json",
    "fxsim.fitting": "PARAMS_VERSION STEPS SAMPLES SEARCH_SAMPLES RIDGE GAMMA_MIN FUNCTIONS target "
                     "sample_grid Bank banks_for kernels run_bases readout features fit evaluate "
                     "save TABLE_X_FUNCTIONS TABLE_X_N SHIPPED_PEAK_NORM TABLE_VII shipped "
                     "fit_shipped",
    "fxsim.float_ref": "REFERENCES reference",
    "fxsim.io": "atomic_path save_trace",
    "fxsim.rtl": "HDL_DIR TIMEOUT ParamValue Bench RtlReport population_bench pwl_exp_bench "
                 "divgroup_bench BENCHES bench_for WIDE_PARAMS run_bench check lint",
    "fxsim.sweep": "METRICS MAX_POINTS OP_KEYS FORMAT_PARTS P2_DOMAINS P2_SAMPLES COST_COLUMNS "
                   "RUN_COLUMNS Axis parse_grid field_kind coerce make_axes apply_point "
                   "load_workload metric_values state_bits table_bits evaluate Task run_task "
                   "connect_dask columns pareto smallest_within criteria base_config sweep",
    "fxsim.sweep_audit": "audit_sweep plot_deltas",
    "fxsim.sweep_cli": "sweep_command",
    "fxsim.sweep_p2": "MBE_ACTIVATIONS MBE_SCALARS FS_ACTIVATIONS fs_set_float fs_pieces_float "
                      "float_model table_bits",
    "fxsim.sweep_plot": "pyplot plot_field plot_pareto plot_sweep",
}


def star_sources(name: str) -> list[str]:
    """The modules the alias re-exports whole (``from X import *``), absolute names."""
    path = PATHS[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    return [".".join(package.split(".")[:len(package.split(".")) - node.level + 1] + [node.module])
            for node in ast.parse(path.read_text()).body
            if isinstance(node, ast.ImportFrom) and node.level and node.names[0].name == "*"]


def public_names(module: types.ModuleType) -> list[str]:
    """What ``from module import *`` binds."""
    return list(getattr(module, "__all__", [n for n in vars(module) if not n.startswith("_")]))


@pytest.mark.parametrize("name", sorted(ALIASES))
def test_alias_imports_and_reexports_its_targets(name):
    """The alias and every module its docstring names import; a module it re-exports whole is
    re-exported name for name, the same objects."""
    alias = importlib.import_module(name)
    assert ALIASES[name], f"{name}: the docstring names no fxsim module"
    for target in ALIASES[name]:
        importlib.import_module(target)
    for source in star_sources(name):
        module = importlib.import_module(source)
        assert source in ALIASES[name], f"{name} re-exports {source}, which its docstring omits"
        stale = [n for n in public_names(module)
                 if getattr(alias, n, None) is not getattr(module, n)]
        assert not stale, f"{name} does not re-export {source}'s {stale}"


@pytest.mark.parametrize("name", sorted(OLD_NAMES))
def test_alias_keeps_the_names_users_called(name):
    assert name in ALIASES, f"{name} is no longer a deprecated alias"
    module = importlib.import_module(name)
    missing = [n for n in OLD_NAMES[name].split() if not hasattr(module, n)]
    assert not missing, f"{name} lost {missing}"
