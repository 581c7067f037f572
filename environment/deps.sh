# Sourced by environment/start, environment/test, environment/bench and the test steps: installs
# what is missing, and holds the few functions those scripts share (one copy of each).
# Debian/Ubuntu packages come from apt-get (as root, or through password-less sudo); nothing is
# fetched from elsewhere.

FEDPOISON_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export FEDPOISON_ROOT
# Debian's Jupyter runs under the system interpreter, whatever python3 is first on PATH.
export FEDPOISON_PYTHON=/usr/bin/python3

# Packages the project needs. Chromium and Node are for the browser test; Jupyter Server and the
# venv module for the Binder simulation (tests.d/30-binder.sh).
FEDPOISON_APT_BASE="openjdk-17-jdk-headless maven jupyter-notebook jupyter-client jupyter-nbconvert python3-nbclient python3-jupyter-kernel-test python3-jsonschema dataset-fashion-mnist"
FEDPOISON_APT_TEST="python3-numpy python3-jupyter-server python3-venv python3-yaml chromium nodejs npm"
# not in every release; the notebooks fall back to the shipped digits without it
FEDPOISON_APT_OPTIONAL="dataset-fashion-mnist"

fedpoison_missing_packages() {
    local missing=""
    for p in "$@"; do
        # a tool already on PATH counts as installed (a JDK or Node not from Debian is fine)
        case "$p" in
            openjdk-17-jdk-headless) if command -v javac >/dev/null 2>&1 && [[ "$(javac -version 2>&1)" =~ javac\ (1[7-9]|[2-9][0-9]) ]]; then continue; fi ;;
            maven) if command -v mvn >/dev/null 2>&1; then continue; fi ;;
            nodejs) if command -v node >/dev/null 2>&1; then continue; fi ;;
            npm) if command -v npm >/dev/null 2>&1; then continue; fi ;;
        esac
        if [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" != "install ok installed" ]; then
            missing="$missing $p"
        fi
    done
    echo "$missing"
}

# fedpoison_install PACKAGE... : installs the missing ones, or says exactly what to install.
# Root and password-less sudo take the same path; only the command prefix differs.
fedpoison_install() {
    local missing
    if ! command -v dpkg-query >/dev/null 2>&1; then
        echo "fedpoison: this is not a Debian/Ubuntu system; install by hand: JDK 17+, Maven 3.8+,"
        echo "  Jupyter Notebook, jupyter_client, nbconvert, nbclient (and optionally Fashion-MNIST)."
        return 0
    fi
    missing="$(fedpoison_missing_packages "$@")"
    if [ -z "${missing// /}" ]; then
        return 0
    fi
    local as_root=()
    if [ "$(id -u)" != 0 ]; then
        if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
            as_root=(sudo -n)
        else
            echo "fedpoison: missing packages:$missing"
            echo "  run: sudo apt-get install$missing"
            return 1
        fi
    fi
    echo "fedpoison: installing:$missing"
    local apt=("${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600)
    "${apt[@]}" update -qq
    local required="" optional=""
    for p in $missing; do
        if [[ " $FEDPOISON_APT_OPTIONAL " == *" $p "* ]]; then optional="$optional $p"; else required="$required $p"; fi
    done
    if [ -n "${required// /}" ]; then
        "${apt[@]}" install -y -qq --no-install-recommends $required >/dev/null
    fi
    if [ -n "$optional" ]; then
        "${apt[@]}" install -y -qq --no-install-recommends $optional >/dev/null \
            || echo "fedpoison: optional package$optional not available; Fashion-MNIST notebooks fall back to digits"
    fi
}

# fedpoison_scratch_jupyter DIR : a private Jupyter for tests, never the user's own: Jupyter's
# data, config and runtime directories under DIR, the fedpoison kernelspec installed into the
# prefix DIR/kernel and found through JUPYTER_PATH (exported for the caller and its children).
fedpoison_scratch_jupyter() {
    local dir="$1"
    export JUPYTER_DATA_DIR="$dir/data" JUPYTER_CONFIG_DIR="$dir/config" JUPYTER_RUNTIME_DIR="$dir/runtime"
    export IPYTHONDIR="$dir/ipython"
    export JUPYTER_PATH="$dir/kernel/share/jupyter"
    mkdir -p "$JUPYTER_DATA_DIR" "$JUPYTER_CONFIG_DIR" "$JUPYTER_RUNTIME_DIR"
    "$FEDPOISON_ROOT/environment/install-kernel" --prefix "$dir/kernel" >/dev/null
}

# fedpoison_stale MODULE : true when the Maven module MODULE (a directory) has no jar in target/,
# no target/lib when its build copies its dependencies there, or a source or pom newer than its jar.
fedpoison_stale() {
    local module="$FEDPOISON_ROOT/$1" jar
    jar="$(ls -t "$module"/target/*.jar 2>/dev/null | tail -n 1)"
    [ -n "$jar" ] || return 0
    if grep -q copy-dependencies "$module/pom.xml" 2>/dev/null && [ ! -d "$module/target/lib" ]; then return 0; fi
    [ -n "$(find "$FEDPOISON_ROOT/pom.xml" "$module/pom.xml" "$module/src/main" -newer "$jar" -type f -print -quit 2>/dev/null)" ]
}

# fedpoison_build_if_stale WHO MODULE... : builds the modules (and what they need) when one of
# them is stale: `mvn package` with tests skipped (./environment/test runs them), offline first,
# online when something is missing. Messages go to stderr, prefixed with WHO.
fedpoison_build_if_stale() {
    local who="$1"; shift
    local stale=() m
    for m in "$@"; do fedpoison_stale "$m" && stale+=("$m"); done
    [ ${#stale[@]} -gt 0 ] || return 0
    local modules
    modules="$(IFS=,; echo "$*")"
    echo "$who: building $modules (stale: ${stale[*]}; mvn package, tests skipped)" >&2
    (cd "$FEDPOISON_ROOT" && { mvn -B -ntp -q -o -pl "$modules" -am package -DskipTests >/dev/null 2>&1 \
        || mvn -B -ntp -q -pl "$modules" -am package -DskipTests >&2; }) \
        || { echo "$who: FAILED to build $modules" >&2; return 1; }
}

# fedpoison_java_feature JAVA : prints the feature version of that java (17, 21, ...), or nothing.
fedpoison_java_feature() {
    "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | cut -d. -f1
}
