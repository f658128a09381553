"""Builds the calfpump package. The extension module calfpump._core (and the SWIG-generated
calfpump/core.py) come from CMake: bindings/CMakeLists.txt configured on its own runs SWIG with
numpy.i and compiles the wrapper together with the library's sources (static, so the installed
package needs no libcalfpump.so). Needs the repository around this folder (../bindings,
../libcalfpump, ../cmake)."""
import os
import re
import subprocess
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent.parent
HEADER = ROOT / "libcalfpump" / "include" / "calfpump.h"


def version():
    return re.search(r'#define CALFPUMP_VERSION_STRING "([^"]+)"', HEADER.read_text()).group(1)


class CMakeBuild(build_ext):
    def build_extension(self, ext):
        package_dir = Path(self.get_ext_fullpath(ext.name)).resolve().parent
        build_dir = Path(self.build_temp).resolve() / "cmake"
        cmake = os.environ.get("CMAKE", "cmake")
        subprocess.run([cmake, "-S", str(ROOT / "bindings"), "-B", str(build_dir),
                        "-DCMAKE_BUILD_TYPE=Release", f"-DPython3_EXECUTABLE={sys.executable}",
                        f"-DCALFPUMP_PYTHON_OUTPUT_DIR={package_dir}"], check=True)
        subprocess.run([cmake, "--build", str(build_dir), "--target", "calfpump_python",
                        "-j", os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL", "2")], check=True)


setup(
    version=version(),
    packages=["calfpump"],
    ext_modules=[Extension("calfpump._core", sources=[])],
    cmdclass={"build_ext": CMakeBuild},
)
