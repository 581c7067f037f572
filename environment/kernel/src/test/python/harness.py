"""Helpers for the kernel's protocol tests: start the installed "fedpoison" kernel through
jupyter_client, run code, and collect every message of a request, each validated against the
Jupyter message schema (jupyter_kernel_test's msgspec v5)."""

import os
import re
import time
from queue import Empty

from jupyter_client.manager import KernelManager
from jupyter_kernel_test.msgspec_v5 import validate_message

KERNEL = "fedpoison"
TIMEOUT = 60
ROOT = os.environ.get("FEDPOISON_ROOT", os.path.abspath(os.path.join(os.path.dirname(__file__), *[".."] * 5)))
LIB_TARGET = os.path.join(ROOT, "lib", "target")
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def plain(text):
    """Text without ANSI colour codes."""
    return ANSI.sub("", text)


def start(cwd=None, env_extra=None):
    """Starts a kernel and returns (manager, client) once it answers kernel_info."""
    km = KernelManager(kernel_name=KERNEL)
    env = dict(os.environ)
    env.update(env_extra or {})
    km.start_kernel(cwd=cwd or os.getcwd(), env=env)
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=TIMEOUT)
    except RuntimeError:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
        raise
    return km, kc


def stop(km, kc):
    try:
        kc.stop_channels()
    finally:
        km.shutdown_kernel(now=False)


def collect(kc, msg_id, timeout=TIMEOUT):
    """All iopub messages for msg_id up to its idle status (validated), excluding status and
    execute_input."""
    outputs = []
    deadline = time.time() + timeout
    while True:
        remaining = deadline - time.time()
        if remaining <= 0:
            raise TimeoutError("no idle status for %s within %ss" % (msg_id, timeout))
        try:
            msg = kc.get_iopub_msg(timeout=remaining)
        except Empty:
            continue
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        validate_message(msg, msg["msg_type"], msg_id)
        if msg["msg_type"] == "status":
            if msg["content"]["execution_state"] == "idle":
                return outputs
            continue
        if msg["msg_type"] == "execute_input":
            continue
        outputs.append(msg)


def shell_reply(kc, msg_id, msg_type, timeout=TIMEOUT):
    deadline = time.time() + timeout
    while True:
        reply = kc.get_shell_msg(timeout=max(0.1, deadline - time.time()))
        if reply["parent_header"].get("msg_id") == msg_id:
            validate_message(reply, msg_type, msg_id)
            return reply


def execute(kc, code, timeout=TIMEOUT):
    """Runs code; returns (reply content, [output messages])."""
    msg_id = kc.execute(code)
    reply = shell_reply(kc, msg_id, "execute_reply", timeout)
    outputs = collect(kc, msg_id, timeout)
    return reply["content"], outputs


def result_data(outputs):
    """The data of the execute_result among outputs, or None."""
    for m in outputs:
        if m["msg_type"] == "execute_result":
            return m["content"]["data"]
    return None


def error_of(outputs):
    for m in outputs:
        if m["msg_type"] == "error":
            return m["content"]
    return None


def lib_jars_available():
    return os.path.isfile(os.path.join(LIB_TARGET, "fedpoison.jar")) and os.path.isdir(os.path.join(LIB_TARGET, "lib"))


def kernel_spec():
    """The installed fedpoison kernelspec (argv, resource_dir)."""
    from jupyter_client.kernelspec import KernelSpecManager
    return KernelSpecManager().get_kernel_spec(KERNEL)


def rss_mb(km):
    """Resident memory of the kernel process, in MB (from /proc)."""
    prov = getattr(km, "provisioner", None)
    pid = getattr(prov, "pid", None) or getattr(getattr(prov, "process", None), "pid", None) or km.kernel.pid
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    raise RuntimeError("no VmRSS for %d" % pid)


def load():
    with open("/proc/loadavg") as f:
        return f.read().split()[0]
