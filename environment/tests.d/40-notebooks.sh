# Executes every notebook (and every worked solution) headless through the real kernel, as a
# reader would run it top to bottom: fails on any error output, on a non-index notebook without
# an image/png and a text/html output, and on any deterministic text output (streams, results,
# tables as their text/plain; not images, not cells tagged "nondeterministic") that differs from the
# committed one. Prints each notebook's execution time.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../deps.sh"   # fedpoison_scratch_jupyter
cd "$FEDPOISON_ROOT"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
fedpoison_scratch_jupyter "$scratch"
shopt -s nullglob
books=(notebooks/*.ipynb notebooks/solutions/*.ipynb)
if [ ${#books[@]} = 0 ]; then echo "no notebooks found"; exit 1; fi
"$FEDPOISON_PYTHON" environment/nbrun.py check "${books[@]}"
