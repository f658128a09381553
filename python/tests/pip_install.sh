#!/usr/bin/env bash
# The python_install ctest: pip_install.sh PYTHON WORKDIR
# `PYTHON -m pip install --no-build-isolation --no-index ./python` offline (Debian's setuptools,
# numpy and SWIG), into WORKDIR/site, from a copy of the sources so that the build leaves nothing
# in the work tree; then imports calfpump from a folder outside both trees and analyses a walk.
set -euo pipefail
python=$1
work=$2
repo=$(cd "$(dirname "$0")/../.." && pwd)
rm -rf "$work"
mkdir -p "$work/src" "$work/elsewhere"
# What setup.py needs: the package, the SWIG interface and the library.
tar -C "$repo" --exclude=build --exclude='*.egg-info' --exclude=__pycache__ -cf - \
    python bindings libcalfpump cmake | tar -C "$work/src" -xf -
# --target: Debian marks its Python as externally managed (PEP 668); installing into a folder of
# our own leaves the system alone. --no-deps: numpy is Debian's.
"$python" -m pip install --no-build-isolation --no-index --no-deps --target "$work/site" \
    "$work/src/python"
cd "$work/elsewhere"
PYTHONPATH="$work/site" "$python" - "$work/site" <<'PY'
import sys
import numpy as np
import calfpump
site = sys.argv[1]
assert calfpump.__file__.startswith(site), calfpump.__file__
assert calfpump.core.__file__.startswith(site)
t = np.arange(0, 90, 0.01)
x = np.stack([0.05 * np.sin(np.pi * 1.8 * t), 1 + 0.3 * np.sin(2 * np.pi * 1.8 * t),
              0.1 * np.sin(2 * np.pi * 1.8 * t + 1.2)], axis=1)
r = calfpump.analyze(x, 100.0, placement="lower_back")
assert abs(r.summary["mean_cadence_per_min"] - 108) < 2, r.summary
print("installed calfpump", calfpump.__version__, "from", calfpump.__file__, "found", r)
PY
