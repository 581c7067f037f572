# Drives the notebooks in a real browser, as a reader meets them: Debian's Jupyter Notebook
# (classic UI) on loopback with a token and the fedpoison kernel, Debian's chromium headless,
# driven by playwright-core from npm (no browser is ever downloaded). For 00-start-here and
# 04-leverage it clears the outputs and runs all cells through the page's Cell menu, then checks
# what the page shows: no error output, the charts decoded to a real size, tables with rows,
# the kernel's display name and, in 04-leverage, the Output 35.4.1 block. It also interrupts an
# endless cell from the toolbar and checks that the same kernel runs the next cell.
# Works on a copy of notebooks/, so the committed notebooks are never rewritten.
# Screenshots: target/e2e/*.png. Needs: mvn install done (step 10), chromium, node >= 20, npm.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../deps.sh"   # fedpoison_scratch_jupyter
cd "$FEDPOISON_ROOT"
PY="${FEDPOISON_PYTHON:-/usr/bin/python3}"
SRC_NOTEBOOKS="${FEDPOISON_E2E_NOTEBOOKS:-$FEDPOISON_ROOT/notebooks}"
CHROMIUM="${FEDPOISON_CHROMIUM:-/usr/bin/chromium}"
SHOTS="$FEDPOISON_ROOT/target/e2e"

for tool in node npm "$CHROMIUM"; do
    command -v "$tool" >/dev/null 2>&1 || { echo "browser: $tool not found (apt-get install chromium nodejs npm)"; echo "browser: 0 passed, 1 failed"; exit 1; }
done
if [ ! -f lib/target/fedpoison.jar ] || [ ! -f environment/kernel/target/fedpoison-kernel.jar ]; then
    echo "browser: jars not built; run: mvn -B -ntp install"; echo "browser: 0 passed, 1 failed"; exit 1
fi

# playwright-core, exactly as locked; it has no install script and downloads no browser
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
( cd environment/e2e && timeout 300 npm ci --no-audit --no-fund --no-update-notifier --loglevel=error >/dev/null )

work="$(mktemp -d)"
jupyter_pid=""
cleanup() {
    if [ -n "$jupyter_pid" ] && kill -0 "$jupyter_pid" 2>/dev/null; then
        # Jupyter and the kernels it started share one process group (setsid below)
        kill -TERM -- "-$jupyter_pid" 2>/dev/null || true
        for _ in $(seq 1 20); do kill -0 "$jupyter_pid" 2>/dev/null || break; sleep 0.5; done
        kill -KILL -- "-$jupyter_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# the kernel, in a private prefix; Jupyter's own state private too
fedpoison_scratch_jupyter "$work"

# a copy of the notebooks that keeps the relative paths ../<module>/target to the jars their %jars
# line names (lib, teaching, render)
mkdir -p "$work/tree"
cp -r "$SRC_NOTEBOOKS" "$work/tree/notebooks"
for module in lib teaching render; do
    mkdir -p "$work/tree/$module"
    ln -s "$FEDPOISON_ROOT/$module/target" "$work/tree/$module/target"
done

port="$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
token="$("$PY" -c 'import secrets; print(secrets.token_hex(24))')"
root_flag=(); [ "$(id -u)" = 0 ] && root_flag=(--allow-root)   # containers, CI and Binder-like runs
setsid "$PY" -m notebook --no-browser "${root_flag[@]}" --ip=127.0.0.1 --port="$port" --port-retries=0 \
    --notebook-dir="$work/tree/notebooks" \
    --NotebookApp.token="$token" --NotebookApp.password='' \
    --NotebookApp.open_browser=False --NotebookApp.disable_check_xsrf=False \
    --MappingKernelManager.cull_idle_timeout=0 \
    >"$work/jupyter.log" 2>&1 &
jupyter_pid=$!

up=0
for _ in $(seq 1 120); do
    if "$PY" -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' \
        "http://127.0.0.1:$port/api/status?token=$token" 2>/dev/null; then up=1; break; fi
    kill -0 "$jupyter_pid" 2>/dev/null || break
    sleep 0.5
done
if [ $up = 0 ]; then
    echo "browser: Jupyter Notebook did not start on 127.0.0.1:$port; its log:"; tail -30 "$work/jupyter.log"
    echo "browser: 0 passed, 1 failed"; exit 1
fi
echo "browser: Jupyter Notebook $("$PY" -c 'import notebook; print(notebook.__version__)') on 127.0.0.1:$port"

mkdir -p "$SHOTS"
status=0
FEDPOISON_E2E_URL="http://127.0.0.1:$port" FEDPOISON_E2E_TOKEN="$token" \
FEDPOISON_E2E_TREE="$work/tree/notebooks" FEDPOISON_E2E_SHOTS="$SHOTS" \
FEDPOISON_E2E_PROFILE="$work/chromium-profile" FEDPOISON_E2E_BROWSER_HOME="$work/chromium-home" FEDPOISON_CHROMIUM="$CHROMIUM" \
    timeout 1500 node environment/e2e/browser-test.js || status=$?
if [ $status != 0 ]; then
    echo "browser: last lines of the Jupyter log:"; tail -15 "$work/jupyter.log"
    [ $status = 124 ] && echo "browser: timed out" && echo "browser: 0 passed, 1 failed"
fi
exit $status
