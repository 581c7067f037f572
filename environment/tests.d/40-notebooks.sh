# Executes every notebook (and every worked solution) headless through the real kernel, as a
# reader would run it top to bottom: fails on any error output, on a non-index notebook without
# an image/png and a text/html output, and on any deterministic text output that differs from the
# committed one. Prints each notebook's execution time.
set -euo pipefail
cd "$FEDPOISON_ROOT"
prefix="$(mktemp -d)"
trap 'rm -rf "$prefix"' EXIT
./environment/install-kernel --prefix "$prefix" >/dev/null
export JUPYTER_PATH="$prefix/share/jupyter"
export JUPYTER_DATA_DIR="$prefix/data" JUPYTER_RUNTIME_DIR="$prefix/runtime" JUPYTER_CONFIG_DIR="$prefix/config"
shopt -s nullglob
books=(notebooks/*.ipynb notebooks/solutions/*.ipynb)
if [ ${#books[@]} = 0 ]; then echo "no notebooks found"; exit 1; fi
"$FEDPOISON_PYTHON" environment/nbrun.py check "${books[@]}"
