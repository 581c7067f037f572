# The kernel's protocol tests: Jupyter's kernel test suite (python3-jupyter-kernel-test) and our own
# tests of interrupt, forged messages, errors, OOM, magics, rendering, restart and start-up time, the
# protocol in full, output under load, memory, long cells, blocked interrupts and settings, all
# through jupyter_client against the kernelspec installed into a scratch prefix (never ~/.local).
# Expects `mvn install` to have run (step 10): the kernel jar and lib/target/lib are used as built.
# If a second JDK of version 20 or newer is present (FEDPOISON_ALT_JAVA, or Temurin 25 here), the
# interrupt, error and start-up tests run on it too: JShell stops cells differently there.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../deps.sh"   # fedpoison_scratch_jupyter
cd "$FEDPOISON_ROOT"
PY="${FEDPOISON_PYTHON:-/usr/bin/python3}"

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
fedpoison_scratch_jupyter "$scratch"
# (no "| grep -q": under pipefail, grep closing the pipe early makes the listing fail with EPIPE)
specs="$("$PY" -m jupyter kernelspec list)"
grep -q '^ *fedpoison ' <<<"$specs" || { echo "kernelspec not found after install" >&2; exit 1; }

cd environment/kernel/src/test/python
"$PY" -m unittest -v test_kernel_suite test_kernel_behaviour test_kernel_protocol test_kernel_magics test_kernel_limits 2>&1

alt="${FEDPOISON_ALT_JAVA:-}"
if [ -z "$alt" ]; then
    for j in /usr/lib/jvm/temurin-2[0-9]*/bin/java /usr/lib/jvm/java-2[0-9]-openjdk*/bin/java; do
        [ -x "$j" ] && { alt="$j"; break; }
    done
fi
if [ -n "$alt" ]; then
    echo "--- again on $alt"
    FEDPOISON_JAVA="$alt" "$FEDPOISON_ROOT/environment/install-kernel" --prefix "$scratch/alt" >/dev/null
    JUPYTER_PATH="$scratch/alt/share/jupyter" "$PY" -m unittest -v test_kernel_behaviour.TestInterrupt test_kernel_limits.TestBlockedInterrupts \
        test_kernel_behaviour.TestErrors test_kernel_behaviour.TestStartup 2>&1
fi
