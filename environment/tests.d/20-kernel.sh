# The kernel's protocol tests: Jupyter's kernel test suite (python3-jupyter-kernel-test) and our own
# tests of interrupt, forged messages, errors, OOM, magics, rendering, restart and start-up time, all
# through jupyter_client against the kernelspec installed into a scratch prefix (never ~/.local).
# Expects `mvn install` to have run (step 10): the kernel jar and lib/target/lib are used as built.
set -euo pipefail
cd "$FEDPOISON_ROOT"
PY="${FEDPOISON_PYTHON:-/usr/bin/python3}"

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
export JUPYTER_DATA_DIR="$scratch/data" JUPYTER_CONFIG_DIR="$scratch/config" JUPYTER_RUNTIME_DIR="$scratch/runtime"
export JUPYTER_PATH="$scratch/prefix/share/jupyter"
./environment/install-kernel --prefix "$scratch/prefix" >/dev/null
"$PY" -m jupyter kernelspec list | grep -q '^ *fedpoison ' || { echo "kernelspec not found after install" >&2; exit 1; }

cd environment/kernel/src/test/python
"$PY" -m unittest -v test_kernel_suite test_kernel_behaviour 2>&1
