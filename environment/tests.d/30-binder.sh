# The Binder step: mybinder.org's build and session, as far as this machine can reproduce them,
# each part a named check ("ok - ..." / "not ok - ..."):
#   build pack   binder/ holds an environment specification that repo2docker recognises with
#                mybinder.org's --Repo2Docker.default_buildpack=None (repo2docker's own dry run when
#                its source is at hand, FEDPOISON_REPO2DOCKER_SRC=dir; otherwise the same rules,
#                written out below); Java 17 pinned; no apt.txt name that Ubuntu 24.04 may lack
#   postBuild    run as a user of its own (created here when running as root, as CI does) whose
#                fresh HOME is a clean copy of the repository, with repo2docker's PATH order, a conda
#                environment stood in for by a Python venv at $NB_PYTHON_PREFIX (its `jupyter`, `java`
#                and `mvn` first on PATH), /usr/bin/python3 unable to import jupyter_client (a private
#                mount namespace hides Debian's copy; root only), the Maven repository inside HOME
#   session      Debian's Jupyter Server as that user on 127.0.0.1 with a token, driven by
#                JupyterLab's own client library (environment/binder-test, @jupyterlab/services 7.4
#                over the websocket): every notebook opened and run, outputs judged by nbrun.py as in
#                the notebooks step, completion, inspection, display updates, cwd, interrupt and
#                restart through REST, closing sessions; peak RSS per kernel and the total PSS
#   start race   FEDPOISON_BINDER_RACE openings (default 30) that must all see the kernel ready;
#                the full measurement: FEDPOISON_BINDER_RACE=200 FEDPOISON_BINDER_NOTEBOOKS=none
#                ./environment/test binder
# Not reproducible here (README, "Binder"): Ubuntu's archive and the conda-forge packages (Debian's
# JDK 17 and Maven stand in), the pod's 2 GB cgroup, the JupyterLab page itself.
# The Maven repository in the new HOME is seeded from the caller's (org/fedpoison left out), so the
# test does not download 200 MB again; postBuild fetches whatever is missing.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../deps.sh"
cd "$FEDPOISON_ROOT"
PY="$FEDPOISON_PYTHON"
race_n="${FEDPOISON_BINDER_RACE:-30}"
books_wanted="${FEDPOISON_BINDER_NOTEBOOKS:-all}"

passed=0; failed=0
check() { # name, then a command: ok when it succeeds
    local name="$1"; shift
    local out
    if out="$("$@" 2>&1)"; then passed=$((passed + 1)); echo "ok - $name${out:+ ($out)}"
    else failed=$((failed + 1)); echo "not ok - $name${out:+: $out}"; fi
}
finish() { echo "binder: $passed passed, $failed failed"; [ "$failed" = 0 ]; }

work="$(mktemp -d "${TMPDIR:-/tmp}/fedpoison-binder.XXXXXX")"
chmod 755 "$work"
user_created=""
server_pid=""
cleanup() {
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
        kill -TERM -- "-$server_pid" 2>/dev/null || kill -TERM "$server_pid" 2>/dev/null || true
        for _ in $(seq 1 20); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.5; done
        kill -KILL -- "-$server_pid" 2>/dev/null || true
    fi
    if [ -n "$user_created" ]; then userdel "$user_created" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- 1. the build pack: what repo2docker detects in binder/ ------------------------------------
home="$work/home/jovyan"   # Binder's HOME, which is also the repository (REPO_DIR)
mkdir -p "$home"
git ls-files -z --cached --others --exclude-standard \
    | while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done \
    | xargs -0 cp --parents -t "$home"
echo "binder: clean copy of the repository in $home ($(find "$home" -type f | wc -l) files)"

detect_builtin() {
    # repo2docker (app.py, buildpacks/*): when binder/ exists only files in it count. A build pack
    # matches on one of these; apt.txt, postBuild, start are extras that match nothing. With
    # default_buildpack=None, no match stops the build ("No environment specification found").
    "$PY" - "$home" <<'PYEOF'
import os, sys, yaml
root = sys.argv[1]
where = os.path.join(root, "binder") if os.path.isdir(os.path.join(root, "binder")) else root
specs = ["Dockerfile", "default.nix", "Project.toml", "REQUIRE", "install.R", "DESCRIPTION",
         "environment.yml", "environment.yaml", "Pipfile", "Pipfile.lock", "requirements.txt",
         "setup.py", "pyproject.toml", "runtime.txt"]
found = [f for f in specs if os.path.exists(os.path.join(where, f))]
if not found:
    sys.exit("no environment specification in %s (looked for %s)" % (where, ", ".join(specs)))
if found[0] != "environment.yml":
    sys.exit("repo2docker would pick %s before environment.yml" % found[0])
env = yaml.safe_load(open(os.path.join(where, "environment.yml")))
deps = [d for d in env.get("dependencies", []) if isinstance(d, str)]
if "openjdk=17" not in deps or "maven" not in [d.split("=")[0] for d in deps]:
    sys.exit("environment.yml must pin openjdk=17 and list maven, has %s" % deps)
print("built-in rules: binder/%s, conda build pack, dependencies %s" % (found[0], ", ".join(deps)))
PYEOF
}
detect_repo2docker() {
    # repo2docker's own detection and Dockerfile, without docker (--no-build), from its source
    local src="$1" out
    out="$(cd "$src" && "$PY" -m repo2docker --no-build --user-name=jovyan --user-id=1000 \
        --Repo2Docker.default_buildpack=None "$home" 2>&1)" || { echo "$out" | tail -5; return 1; }
    grep -qF 'env update -p ${NB_PYTHON_PREFIX} --file "binder/environment.yml"' <<<"$out" \
        || { echo "no conda environment update from binder/environment.yml in:"; echo "$out" | tail -20; return 1; }
    grep -qF 'RUN ./binder/postBuild' <<<"$out" || { echo "postBuild not run"; return 1; }
    echo "repo2docker $(git -C "$src" log -1 --format=%h 2>/dev/null || echo '?') dry run: conda build pack, $(grep -c '^RUN' <<<"$out") RUN steps, postBuild as \${NB_USER}"
}
if [ -n "${FEDPOISON_REPO2DOCKER_SRC:-}" ] && [ -d "$FEDPOISON_REPO2DOCKER_SRC/repo2docker" ]; then
    check "build pack: repo2docker detects binder/environment.yml with --Repo2Docker.default_buildpack=None" \
        detect_repo2docker "$FEDPOISON_REPO2DOCKER_SRC"
fi
check "build pack: binder/ holds an environment specification repo2docker recognises (Java 17 pinned)" detect_builtin
check "build pack: no apt.txt (one name missing on Ubuntu 24.04 fails the whole build)" \
    test ! -e "$home/binder/apt.txt"

# ---- 2. the Binder user, its HOME, the conda environment's stand-in, PATH ----------------------
nb_prefix="$work/srv/conda/envs/notebook"     # Binder: /srv/conda/envs/notebook
"$PY" -m venv --without-pip --system-site-packages "$nb_prefix"
site="$("$nb_prefix/bin/python" -c 'import sysconfig; print(sysconfig.get_path("purelib"))')"
# the environment's own jupyter_client (Binder's conda env has one; Ubuntu's python3 has none)
cp -r "$(dirname "$("$PY" -c 'import jupyter_client; print(jupyter_client.__file__)')")" "$site/"
for cmd in "jupyter:jupyter_core.command:main" "jupyter-kernelspec:jupyter_client.kernelspecapp:KernelSpecApp.launch_instance" \
           "jupyter-server:jupyter_server.serverapp:main"; do
    IFS=: read -r name module func <<<"$cmd"
    printf '#!%s\nimport sys\nfrom %s import %s\nsys.exit(%s())\n' "$nb_prefix/bin/python" "$module" "${func%%.*}" "$func" \
        > "$nb_prefix/bin/$name"
    chmod 755 "$nb_prefix/bin/$name"
done
java17=""
for j in "${JAVA_HOME:-/nonexistent}/bin/java" /usr/lib/jvm/java-17-openjdk-*/bin/java /usr/lib/jvm/temurin-17*/bin/java "$(command -v java || true)"; do
    if [ -x "$j" ] && [ "$(fedpoison_java_feature "$j")" = 17 ]; then java17="$(readlink -f "$j")"; break; fi
done
[ -n "$java17" ] || { echo "not ok - a Java 17 to stand in for conda-forge's openjdk=17"; failed=$((failed + 1)); finish; exit 1; }
ln -s "$java17" "$nb_prefix/bin/java"
ln -s "$(command -v mvn)" "$nb_prefix/bin/mvn"
mkdir -p "$work/srv/conda/bin" "$work/srv/npm/bin"

if [ "$(id -u)" = 0 ]; then
    user="fpbinder$$"
    useradd --home-dir "$home" --no-create-home --shell /bin/bash --user-group "$user"
    user_created="$user"
else
    user="$(id -un)"
fi
uid="$(id -u "$user")"; gid="$(id -g "$user")"
m2="${FEDPOISON_M2_REPO:-$HOME/.m2/repository}"
t_seed=$(date +%s)
seed="none"
if [ -d "$m2" ]; then
    # hard links where the file system allows (the Binder user owns the directories, so Maven can
    # add and postBuild can remove, while the caller's files stay read-only for it), else a copy
    mkdir -p "$home/.m2"
    if cp -al "$m2" "$home/.m2/repository" 2>/dev/null; then seed="hard links"; else
        rm -rf "$home/.m2/repository"; cp -a "$m2" "$home/.m2/repository"; seed="copy"; fi
    rm -rf "$home/.m2/repository/org/fedpoison"
fi
find "$work/home" "$work/srv" -type d -exec chown "$uid:$gid" {} +
find "$work/home" "$work/srv" -path "$home/.m2" -prune -o -exec chown -h "$uid:$gid" {} +
echo "binder: Maven repository in HOME seeded from $m2 by $seed ($(( $(date +%s) - t_seed )) s)"

# repo2docker's PATH: ~/.local/bin, REPO_DIR/.local/bin, the notebook env, conda, npm, the image's
binder_path="$home/.local/bin:$home/.local/bin:$nb_prefix/bin:$work/srv/conda/bin:$work/srv/npm/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
binder_env=(env -i HOME="$home" USER="$user" SHELL=/bin/bash LANG=C.UTF-8 PATH="$binder_path"
            NB_USER="$user" REPO_DIR="$home" APP_BASE="$work/srv" CONDA_DIR="$work/srv/conda"
            NB_PYTHON_PREFIX="$nb_prefix" KERNEL_PYTHON_PREFIX="$nb_prefix" CONDA_DEFAULT_ENV="$nb_prefix")
[ "$(id -u)" = 0 ] || binder_env+=(MAVEN_OPTS="-Dmaven.repo.local=$home/.m2/repository")   # java's user.home is yours
# (for measuring other kernel limits: FEDPOISON_KERNEL_JVM_OPTS reaches install-kernel in postBuild)
[ -z "${FEDPOISON_KERNEL_JVM_OPTS+set}" ] || binder_env+=(FEDPOISON_KERNEL_JVM_OPTS="$FEDPOISON_KERNEL_JVM_OPTS")

mask="$work/no-jupyter-client.py"
echo 'raise ImportError("jupyter_client is not installed for this interpreter (Binder: Ubuntu python3 has none)")' > "$mask"
chmod 644 "$mask"
jc_init="$("$PY" -c 'import jupyter_client; print(jupyter_client.__file__)')"
hide=0
if [ "$(id -u)" = 0 ] && unshare --mount --propagation private true 2>/dev/null; then hide=1; fi
# as-binder CMD...: runs CMD as the Binder user, in the Binder environment, in HOME (a script, so
# that the server can be started by it in the background as well)
{
    echo '#!/bin/bash'
    printf 'env_=(%s)\n' "$(printf '%q ' "${binder_env[@]}")"
    printf 'in_home=(/bin/sh -c %q sh)\n' 'cd "$HOME" && exec "$@"'
    if [ $hide = 1 ]; then
        printf 'exec unshare --mount --propagation private /bin/sh -c %q %q %q setpriv --reuid=%s --regid=%s --init-groups "${env_[@]}" "${in_home[@]}" "$@"\n' \
            'mount --bind "$0" "$1" && shift && exec "$@"' "$mask" "$jc_init" "$uid" "$gid"
    elif [ "$(id -u)" = 0 ]; then
        printf 'exec setpriv --reuid=%s --regid=%s --init-groups "${env_[@]}" "${in_home[@]}" "$@"\n' "$uid" "$gid"
    else
        echo 'exec "${env_[@]}" "${in_home[@]}" "$@"'
    fi
} > "$work/as-binder"
chmod 755 "$work/as-binder"
as_binder() { "$work/as-binder" "$@"; }
not_root_user() {
    local id_h; id_h="$(as_binder sh -c 'echo "$(id -u) $HOME $(pwd)"')"
    [ "$id_h" = "$uid $home $home" ] && [ "$uid" != 0 ] && echo "uid $uid, HOME = working directory = the copy" \
        || { echo "got '$id_h'"; return 1; }
}
if [ "$(id -u)" = 0 ]; then
    check "postBuild's user: not root, HOME is the clean copy of the repository" not_root_user
else
    echo "binder: not reproduced: a user of its own (this test is not running as root; postBuild runs as you)"
fi
jupyter_on_path() { local j; j="$(as_binder sh -c 'command -v jupyter')"; [ "$j" = "$nb_prefix/bin/jupyter" ] && echo "$j, $(as_binder jupyter kernelspec --version)"; }
check "PATH: repo2docker's order, the environment's jupyter first (not /usr/bin's)" jupyter_on_path
ubuntu_python() {
    as_binder /usr/bin/python3 -c 'import json' || { echo "/usr/bin/python3 does not run at all"; return 1; }
    local err; err="$(as_binder /usr/bin/python3 -c 'import jupyter_client' 2>&1)" && { echo "it imports"; return 1; }
    grep -q 'ImportError: jupyter_client is not installed' <<<"$err" && echo "ImportError, as on Binder" || { echo "$err"; return 1; }
}
if [ $hide = 1 ]; then
    check "/usr/bin/python3 cannot import jupyter_client for the Binder user" ubuntu_python
else
    echo "binder: not reproduced: /usr/bin/python3 without jupyter_client (needs root and a mount namespace)"
fi

# ---- 3. postBuild, as Binder runs it ------------------------------------------------------------
before="$(cd "$home" && find . -path ./.m2 -prune -o -type f -print0 | sort -z | xargs -0 sha1sum)"
size_before_kb="$(du -sk --exclude=.m2 "$home" | cut -f1)"
t0=$(date +%s)
set +e
as_binder ./binder/postBuild > "$work/postBuild.log" 2>&1
status=$?
set -e
postbuild_s=$(( $(date +%s) - t0 ))
sed 's/^/    /' "$work/postBuild.log" | tail -n 12
check "postBuild succeeds as the Binder user" sh -c "[ $status = 0 ] && echo '$postbuild_s s'"
[ $status = 0 ] || { finish; exit 1; }

spec="$nb_prefix/share/jupyter/kernels/fedpoison/kernel.json"
kernelspec_ok() {
    [ -f "$spec" ] || { echo "no $spec"; return 1; }
    "$PY" - "$spec" <<'PYEOF'
import json, subprocess, sys
spec = json.load(open(sys.argv[1]))
argv = spec["argv"]
out = subprocess.run([argv[0], "-XshowSettings:properties", "-version"], capture_output=True, text=True).stderr
version = [l.split("=")[1].strip() for l in out.splitlines() if "java.specification.version" in l]
if version != ["17"]:
    sys.exit("kernel java %s is %s, not 17" % (argv[0], version))
need = ["-Xmx", "-XX:MaxMetaspaceSize=", "-Dorg.bytedeco.javacpp.maxbytes=", "-Dorg.bytedeco.javacpp.cachedir="]
missing = [n for n in need if not any(a.startswith(n) for a in argv)]
if missing:
    sys.exit("kernel.json lacks %s" % missing)
print("Java 17, " + " ".join(a for a in argv if a.startswith(("-Xmx", "-XX:MaxMetaspaceSize"))))
PYEOF
}
check "kernelspec installed into \$NB_PYTHON_PREFIX/share/jupyter with Java 17 and memory limits" kernelspec_ok
# the class-data-sharing archive postBuild made (install-kernel --class-archive): the kernel's own
# java, flags and class path, with -Xshare:on so that an archive the JVM cannot map is an error here
# instead of a warning in Jupyter's log and 10 MiB more per kernel
class_archive_ok() {
    "$PY" - "$spec" <<'PYEOF'
import json, os, subprocess, sys
spec_path = sys.argv[1]
spec_dir = os.path.dirname(spec_path)
argv = [a.replace("{resource_dir}", spec_dir) for a in json.load(open(spec_path))["argv"]]
flag = [a for a in argv if a.startswith("-XX:SharedArchiveFile=")]
if not flag:
    sys.exit("kernel.json has no -XX:SharedArchiveFile")
archive = flag[0].split("=", 1)[1]
if not os.path.isfile(archive):
    sys.exit("no archive " + archive)
main = argv.index("org.fedpoison.kernel.KernelMain")
run = subprocess.run(argv[:main] + ["-Xshare:on", "-version"], capture_output=True, text=True)
if run.returncode != 0:
    sys.exit("the kernel's JVM refuses it: " + (run.stdout + run.stderr).strip()[-400:])
print("%s, %.1f MB, mapped with -Xshare:on" % (os.path.basename(archive), os.path.getsize(archive) / 1e6))
PYEOF
}
check "kernelspec carries a class-data-sharing archive its JVM maps" class_archive_ok
overrides="$nb_prefix/share/jupyter/lab/settings/overrides.json"
check "JupyterLab settings override written (\$NB_PYTHON_PREFIX/share/jupyter/lab/settings/overrides.json)" test -f "$overrides"
cache="$home/.javacpp/cache"
natives_ok() { local n; n="$(find "$cache" -name 'libnd4jcpu.so' 2>/dev/null | wc -l)"; [ "$n" -ge 1 ] && echo "$(du -sh "$cache" | cut -f1) in ~/.javacpp/cache"; }
check "ND4J's native libraries unpacked at build time" natives_ok
trimmed() {
    local left; left="$(cd "$home" && ls -d .m2 environment/kernel/target lib/target/classes lib/target/test-classes 2>/dev/null || true)"
    [ -z "$left" ] || { echo "left behind: $left"; return 1; }
}
check "postBuild leaves no Maven repository and no build intermediates" trimmed
unchanged() {
    local after
    after="$(cd "$home" && cut -c43- <<<"$before" | tr '\n' '\0' | xargs -0 sha1sum 2>&1)"
    [ "$after" = "$before" ] || { diff <(echo "$before") <(echo "$after") | head -5; return 1; }
}
check "postBuild changes no file of the repository" unchanged
size_after_kb="$(du -sk "$home" | cut -f1)"
echo "binder: postBuild took $postbuild_s s and left $(( (size_after_kb - size_before_kb) / 1024 )) MiB in HOME" \
     "(lib/target $(du -sh "$home/lib/target" | cut -f1), ~/.javacpp $(du -sh "$home/.javacpp" | cut -f1)," \
     "kernelspec $(du -sh "$(dirname "$spec")" | cut -f1))"
natives_before="$(cd "$cache" && find . -type f ! -name '.*' -printf '%p %s %T@\n' | sort)"

# ---- 4. the session: Jupyter Server as the Binder user, JupyterLab's client library -------------
( cd environment/binder-test && timeout 300 npm ci --no-audit --no-fund --no-update-notifier --loglevel=error >/dev/null )
port="$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
token="$("$PY" -c 'import secrets; print(secrets.token_hex(24))')"
setsid "$work/as-binder" python3 -m jupyter_server --ServerApp.ip=127.0.0.1 --ServerApp.port="$port" --ServerApp.port_retries=0 \
    --ServerApp.token="$token" --ServerApp.root_dir="$home" --ServerApp.open_browser=False \
    --ServerApp.log_level="${FEDPOISON_BINDER_SERVER_LOG_LEVEL:-INFO}" \
    > "$work/server.log" 2>&1 &
server_pid=$!
up=0
for _ in $(seq 1 120); do
    if "$PY" -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' \
        "http://127.0.0.1:$port/api/status?token=$token" 2>/dev/null; then up=1; break; fi
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.5
done
check "Jupyter Server runs as the Binder user on 127.0.0.1 with a token" sh -c "[ $up = 1 ] || { tail -20 '$work/server.log'; exit 1; }"
[ $up = 1 ] || { finish; exit 1; }
python_pid="$(pgrep -f -u "$uid" "jupyter_server --ServerApp.ip=127.0.0.1 --ServerApp.port=$port" | head -n 1)"

out="$work/out"; mkdir -p "$out"
drive() {
    FP_URL="http://127.0.0.1:$port" FP_TOKEN="$token" FP_ROOT="$home" FP_OUT="$out" FP_SERVER_PID="$python_pid" \
    FP_OVERRIDES="$overrides" FP_KEEP_OPEN="${FEDPOISON_BINDER_KEEP_OPEN:-0}" FP_NOTEBOOKS="$1" node environment/binder-test/binder-session.js "${@:2}"
}
count_driver() { # adds the driver's tally to ours
    local log="$1" line
    line="$(grep -E '^binder-session: [0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)"
    if [ -z "$line" ]; then failed=$((failed + 1)); echo "not ok - the session driver ran to its end"; return; fi
    passed=$((passed + $(sed -E 's/.* ([0-9]+) passed.*/\1/' <<<"$line")))
    failed=$((failed + $(sed -E 's/.* ([0-9]+) failed.*/\1/' <<<"$line")))
}

# the page a user lands on: the README's badge and Notebook 7 link name notebooks the server serves
landing() {
    local urls p n=0
    urls="$(grep -oE 'mybinder\.org/v2/[^)> ]*urlpath=[^)&"<> ]*' README.md | sed 's/.*urlpath=//')"
    [ -n "$urls" ] || { echo "README has no Binder link with urlpath="; return 1; }
    for p in $urls; do
        p="$("$PY" -c 'import sys, urllib.parse; print(urllib.parse.unquote(sys.argv[1]))' "$p")"
        case "$p" in lab/tree/*) p="${p#lab/tree/}" ;; notebooks/*) p="${p#notebooks/}" ;; *) echo "unexpected urlpath $p"; return 1 ;; esac
        "$PY" - "http://127.0.0.1:$port/api/contents/$p?token=$token" <<'PYEOF' || return 1
import json, sys, urllib.request
nb = json.load(urllib.request.urlopen(sys.argv[1], timeout=10))["content"]
if nb["metadata"]["kernelspec"]["name"] != "fedpoison":
    sys.exit("%s asks for kernel %s" % (sys.argv[1], nb["metadata"]["kernelspec"]))
PYEOF
        n=$((n + 1))
    done
    grep -q 'urlpath=lab%2Ftree%2Fnotebooks%2F00-start-here.ipynb' README.md || { echo "the badge does not open JupyterLab at 00-start-here"; return 1; }
    echo "$n link(s); each notebook served and asks for the fedpoison kernel"
}
check "landing page: the README's Binder links open notebooks/00-start-here.ipynb with the fedpoison kernel" landing

if [ "$books_wanted" != none ]; then
    books=""
    if [ "$books_wanted" = all ]; then
        books="$(cd "$home" && ls notebooks/*.ipynb notebooks/solutions/*.ipynb | tr '\n' ' ')"
    else
        books="$books_wanted"
    fi
    drive "$books" notebooks 2>&1 | tee "$work/driver.log" | sed 's/^/    /' || true
    count_driver "$work/driver.log"
    # the outputs, judged by the same rules as the notebooks step (no error or stderr, image/png
    # and text/html, the committed deterministic text), by nbrun.py
    judged=()
    for b in $books; do [ -f "$out/$(basename "$b")" ] && judged+=("$home/$b" "$out/$(basename "$b")"); done
    if [ ${#judged[@]} -gt 0 ]; then
        check "outputs as committed, no error or stderr, charts and tables shown (nbrun.py judge)" \
            "$PY" environment/nbrun.py judge "${judged[@]}"
    fi
    natives_after="$(cd "$cache" && find . -type f ! -name '.*' -printf '%p %s %T@\n' | sort)"
    check "the sessions unpacked no native library again (JavaCPP cache as postBuild left it)" \
        test "$natives_before" = "$natives_after"
    if [ -f "$out/results.json" ]; then mkdir -p target && cp "$out/results.json" target/binder-results.json; fi   # the figures, for the README
fi

if [ "$race_n" -gt 0 ]; then
    drive "notebooks/00-start-here.ipynb" race "$race_n" 2>&1 | tee "$work/race.log" | sed 's/^/    /' || true
    count_driver "$work/race.log"
fi
mkdir -p target && cp "$work/server.log" target/binder-server.log   # (DEBUG shows the server's nudges)
finish
