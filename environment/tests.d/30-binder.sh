# Simulates Binder: a clean copy of the repository (the files git tracks or would track, as they are
# in the working tree), binder/postBuild run there with a fresh empty HOME, then a notebook executed
# with the kernel that postBuild installed. Fails on any error output, or if the notebook shows no
# image/png or no text/html (the kernel's rendering of charts and tables).
# Maven reuses the caller's local repository (-Dmaven.repo.local) so CI does not download twice.
set -euo pipefail
cd "$FEDPOISON_ROOT"
PY="${FEDPOISON_PYTHON:-/usr/bin/python3}"
m2="${FEDPOISON_M2_REPO:-$HOME/.m2/repository}"
notebook="${FEDPOISON_BINDER_NOTEBOOK:-notebooks/00-start-here.ipynb}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/repo" "$work/home"
git ls-files -z --cached --others --exclude-standard \
    | while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done \
    | xargs -0 cp --parents -t "$work/repo"
echo "copied $(find "$work/repo" -type f | wc -l) files"

cd "$work/repo"
t0=$(date +%s)
env -i PATH="$PATH" HOME="$work/home" LANG=C.UTF-8 MAVEN_OPTS="-Dmaven.repo.local=$m2" \
    bash binder/postBuild
echo "postBuild took $(( $(date +%s) - t0 )) s"
spec="$work/home/.local/share/jupyter/kernels/fedpoison/kernel.json"
[ -f "$spec" ] || { echo "postBuild did not install the kernelspec for the user ($spec)" >&2; exit 1; }

t0=$(date +%s)
env -i PATH="$PATH" HOME="$work/home" LANG=C.UTF-8 "$PY" - "$notebook" <<'PYEOF'
import os, sys
import nbformat
from nbclient import NotebookClient

path = sys.argv[1]
nb = nbformat.read(path, as_version=4)
client = NotebookClient(nb, kernel_name="fedpoison", timeout=900, allow_errors=False,
                        resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}})
client.execute()
errors, mimes = [], set()
for i, cell in enumerate(nb.cells):
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error":
            errors.append((i, out.get("ename"), out.get("evalue")))
        if out.get("output_type") == "stream" and out.get("name") == "stderr" and out.get("text", "").strip():
            errors.append((i, "stderr", out["text"][:300]))
        mimes.update(out.get("data", {}).keys())
if errors:
    sys.exit("error output in %s: %r" % (path, errors))
missing = {"image/png", "text/html"} - mimes
if missing:
    sys.exit("%s shows no %s output" % (path, ", ".join(sorted(missing))))
print("executed %s with the Binder-installed kernel: %d cells, outputs %s" % (path, len(nb.cells), sorted(mimes)))
PYEOF
echo "notebook took $(( $(date +%s) - t0 )) s"
