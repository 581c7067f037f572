# Sourced by environment/start, environment/test and binder scripts: installs what is missing.
# Debian/Ubuntu packages come from apt-get (as root); nothing is fetched from elsewhere.

FEDPOISON_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export FEDPOISON_ROOT
# Debian's Jupyter runs under the system interpreter, whatever python3 is first on PATH.
export FEDPOISON_PYTHON=/usr/bin/python3

# Packages the project needs. Chromium and Node are for the browser test only.
FEDPOISON_APT_BASE="openjdk-17-jdk-headless maven jupyter-notebook jupyter-client jupyter-nbconvert python3-nbclient python3-jupyter-kernel-test python3-jsonschema dataset-fashion-mnist"
FEDPOISON_APT_TEST="python3-numpy chromium nodejs npm"

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
    if [ "$(id -u)" = 0 ]; then
        echo "fedpoison: installing:$missing"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        # dataset-fashion-mnist is optional: not every release has it
        local required="" optional=""
        for p in $missing; do
            case "$p" in dataset-fashion-mnist) optional="$optional $p" ;; *) required="$required $p" ;; esac
        done
        if [ -n "${required// /}" ]; then
            apt-get install -y -qq --no-install-recommends $required >/dev/null
        fi
        if [ -n "$optional" ]; then
            apt-get install -y -qq --no-install-recommends $optional >/dev/null \
                || echo "fedpoison: optional package$optional not available; Fashion-MNIST notebooks fall back to digits"
        fi
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        sudo -n env DEBIAN_FRONTEND=noninteractive apt-get update -qq
        sudo -n env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
    else
        echo "fedpoison: missing packages:$missing"
        echo "  run: sudo apt-get install$missing"
        return 1
    fi
}
