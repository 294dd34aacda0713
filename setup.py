"""Declares the one compiled extension: the Cython glue over the C99 kernels in csrc/.

The kernels are built for the machine that installs them: -march=native when the compiler
accepts it (FXSIM_NATIVE=0 builds a portable binary, e.g. for a wheel), with 512-bit vectors
where the machine has them (-mprefer-vector-width=512: gcc's tuning for AVX-512 CPUs otherwise
keeps loops at 256 bits; 1.2-1.6x on most operators, docs/benchmarks.md), and OpenMP when the
compiler accepts -fopenmp (FXSIM_OPENMP=0 turns it off). Results never depend on either: the
kernels are integer-only. The flags are recorded in the extension (fxsim info, fxsim bench).
"""
import os
import shutil
import subprocess
import tempfile

import numpy as np
from Cython.Build import cythonize
from setuptools import Extension, setup


def compiler_accepts(flag: str, source: str = "int main(void){return 0;}\n") -> bool:
    cc = os.environ.get("CC", "cc")
    if not shutil.which(cc):
        return False
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "t.c")
        with open(src, "w") as fh:
            fh.write(source)
        return subprocess.run([cc, flag, src, "-o", os.path.join(tmp, "t")],
                              capture_output=True).returncode == 0


OMP_TEST = "#include <omp.h>\nint main(void){return omp_get_max_threads() < 1;}\n"
omp = (["-fopenmp"] if os.environ.get("FXSIM_OPENMP", "1") != "0"
       and compiler_accepts("-fopenmp", OMP_TEST) else [])
native = (["-march=native"] if os.environ.get("FXSIM_NATIVE", "1") != "0"
          and compiler_accepts("-march=native") else [])
if native and compiler_accepts("-mprefer-vector-width=512"):
    native.append("-mprefer-vector-width=512")
cflags = ["-O3", "-std=c99", *native]
extension = Extension(
    "fxsim.backends.c._ckernels",
    sources=["fxsim/backends/c/_ckernels.pyx", "csrc/fx_arith.c", "csrc/fx_population.c",
             "csrc/fx_polarnorm.c", "csrc/fx_pwl_exp.c", "csrc/fx_divgroup.c", "csrc/fx_ops.c",
             "csrc/fx_chain.c", "csrc/fx_mbe.c", "csrc/fx_fs.c", "csrc/fx_mbe_rows.c",
             "csrc/fx_fs_rows.c"],
    include_dirs=["csrc", np.get_include()],
    define_macros=[("NPY_NO_DEPRECATED_API", "NPY_1_7_API_VERSION"),
                   ("FXSIM_CFLAGS", '"' + " ".join(cflags + omp) + '"')],
    extra_compile_args=cflags + omp,
    extra_link_args=omp,
)

setup(ext_modules=cythonize([extension], compiler_directives={"language_level": 3}))
