"""Gives an installed fedpoison kernelspec a class-data-sharing archive of the classes a session loads.

Usage: python3 environment/kernel-class-archive.py KERNELSPEC_DIR NOTEBOOK

Starts the installed kernel once, exactly as Jupyter would (its kernel.json argv, env and a
connection file), with -XX:ArchiveClassesAtExit, runs the code cells of NOTEBOOK in it through the
kernel protocol, and shuts it down: the JVM writes the classes it loaded (JShell's compiler, the
kernel, its transport; about 37 MB) into KERNELSPEC_DIR/fedpoison-classes.jsa. kernel.json then
gets -XX:SharedArchiveFile={resource_dir}/fedpoison-classes.jsa, so every later kernel maps those
classes from the file instead of parsing them again: about 10 MiB less resident memory per kernel
and a faster start (README, "Binder"). The archive is valid only for this kernelspec's java, class
path and jars; a kernel that cannot use it says so in Jupyter's log and runs without it.
Needs jupyter_client (Debian's python3-jupyter-client, or the conda environment's on Binder).
"""
import json
import os
import queue
import subprocess
import sys
import tempfile
import time

from jupyter_client import BlockingKernelClient
from jupyter_client.connect import write_connection_file

ARCHIVE = "fedpoison-classes.jsa"
FLAG = "-XX:SharedArchiveFile={resource_dir}/" + ARCHIVE


def code_cells(notebook):
    with open(notebook) as f:
        nb = json.load(f)
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code" and "".join(c["source"]).strip()]


def wait_for_kernel_info(kc, proc, timeout):
    """Asks for kernel_info until the kernel answers (a JVM on a busy machine takes seconds to bind)."""
    deadline = time.time() + timeout
    while True:
        if proc.poll() is not None:
            raise RuntimeError("the kernel exited with status %d before answering kernel_info" % proc.returncode)
        if time.time() > deadline:
            raise RuntimeError("no kernel_info reply in %d s" % timeout)
        msg_id = kc.kernel_info()
        try:
            while True:
                reply = kc.get_shell_msg(timeout=2)
                if reply["parent_header"].get("msg_id") == msg_id:
                    return
        except queue.Empty:
            continue


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: kernel-class-archive.py KERNELSPEC_DIR NOTEBOOK")
    spec_dir, notebook = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    spec_path = os.path.join(spec_dir, "kernel.json")
    with open(spec_path) as f:
        spec = json.load(f)
    argv = [a for a in spec["argv"] if not a.startswith("-XX:SharedArchiveFile=")]
    archive = os.path.join(spec_dir, ARCHIVE)
    if os.path.exists(archive):
        os.remove(archive)
    t0 = time.time()
    with tempfile.TemporaryDirectory() as tmp:
        cf, _ = write_connection_file(os.path.join(tmp, "connection.json"), ip="127.0.0.1", key=os.urandom(16).hex().encode())
        cmd = [a.replace("{resource_dir}", spec_dir).replace("{connection_file}", cf) for a in argv]
        cmd.insert(1, "-XX:ArchiveClassesAtExit=" + archive)
        env = dict(os.environ, **spec.get("env", {}))
        log_path = os.path.join(tmp, "kernel.log")
        with open(log_path, "w") as log:
            proc = subprocess.Popen(cmd, cwd=os.path.dirname(notebook), env=env, stdout=log, stderr=subprocess.STDOUT)
            kc = BlockingKernelClient(connection_file=cf)
            kc.load_connection_file()
            kc.start_channels(hb=False)
            failed = None
            try:
                wait_for_kernel_info(kc, proc, timeout=120)
                for code in code_cells(notebook):
                    reply = kc.execute_interactive(code, timeout=600, output_hook=lambda msg: None)
                    if reply["content"]["status"] != "ok":
                        failed = reply["content"].get("ename", "error")
                        break
                kc.shutdown()
                proc.wait(timeout=120)
            except Exception as e:
                failed = "%s: %s" % (type(e).__name__, e)
            finally:
                kc.stop_channels()
                if proc.poll() is None:
                    proc.kill()
        if failed or proc.returncode != 0 or not os.path.exists(archive):
            sys.stderr.write("kernel-class-archive: the kernel's output:\n" + open(log_path).read()[-4000:] + "\n")
            sys.stderr.write("kernel-class-archive: command: " + " ".join(cmd) + "\n")
            sys.exit("kernel-class-archive: no archive written (cell error: %s, kernel exit status %s); "
                     "the kernelspec is left without one" % (failed, proc.returncode))
    spec["argv"] = argv[:1] + [FLAG] + argv[1:]
    with open(spec_path, "w") as f:
        json.dump(spec, f, indent=2)
        f.write("\n")
    print("kernel-class-archive: %s, %.1f MB, from the %d code cells of %s in %.0f s"
          % (archive, os.path.getsize(archive) / 1e6, len(code_cells(notebook)), os.path.basename(notebook), time.time() - t0))


if __name__ == "__main__":
    main()
