"""Executes notebooks through the real fedpoison kernel and checks what they show.

Run under Debian's Jupyter interpreter (/usr/bin/python3):

    nbrun.py check  NOTEBOOK...   execute; fail on any error output; compare the deterministic
                                  text outputs with the committed ones; check rich outputs
    nbrun.py update NOTEBOOK...   execute and write the outputs into the notebooks (what is
                                  committed is always the output of a real run)
    nbrun.py judge COMMITTED EXECUTED [COMMITTED EXECUTED ...]
                                  apply check's rules to notebooks executed elsewhere (the Binder
                                  step runs them through JupyterLab's client library)

A code cell tagged "nondeterministic" (timings, memory) is executed but not compared.
A notebook whose metadata has "fedpoison": {"index": true} is exempt from the rich-output rule.
"""
import json
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

KERNEL = "fedpoison"
CELL_TIMEOUT = 900


def text_of(outputs):
    """The deterministic text a cell shows: streams and text/plain, in order, tables included (a
    Tablesaw table's text/plain is the table with the numbers its HTML shows); only images are
    left to the rich-output rule. Consecutive pieces of one stream read as one, as Jupyter's front
    ends show them (and as some clients store them)."""
    parts = []
    last_stream = None
    for out in outputs:
        kind = out.get("output_type")
        if kind == "stream" and out.get("name") == last_stream:
            parts[-1] += "".join(out.get("text", ""))
            continue
        last_stream = out.get("name") if kind == "stream" else None
        if kind == "stream":
            parts.append(f"[{out.get('name')}]" + "".join(out.get("text", "")))
        elif kind in ("execute_result", "display_data"):
            data = out.get("data", {})
            if "text/plain" in data and "image/png" not in data:
                parts.append("[result]" + "".join(data["text/plain"]))
            else:
                parts.append("[rich]" + ",".join(sorted(data)))
        elif kind == "error":
            parts.append(f"[error]{out.get('ename')}: {out.get('evalue')}")
    return "".join(parts)


def errors_of(nb):
    found = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                found.append(f"cell {i}: {out.get('ename')}: {out.get('evalue')}")
            elif out.get("output_type") == "stream" and out.get("name") == "stderr" \
                    and "allow-stderr" not in cell.get("metadata", {}).get("tags", []):
                found.append(f"cell {i}: stderr: {''.join(out.get('text', ''))[:300]}")
    return found


def mime_types(nb):
    kinds = set()
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            kinds.update(out.get("data", {}).keys())
    return kinds


def execute(path):
    nb = nbformat.read(path, as_version=4)
    committed = nbformat.from_dict(json.loads(json.dumps(nb)))
    client = NotebookClient(nb, kernel_name=KERNEL, timeout=CELL_TIMEOUT, allow_errors=True,
                            resources={"metadata": {"path": str(Path(path).parent)}})
    t0 = time.time()
    client.execute()
    return nb, committed, time.time() - t0


def problems_of(nb, committed=None):
    """What check reports for an executed notebook: error or stderr output, a missing image/png or
    text/html (except in index notebooks), and, when the committed version is given, every
    deterministic text output that differs from the committed one."""
    problems = errors_of(nb)
    if not nb.metadata.get("fedpoison", {}).get("index", False):
        kinds = mime_types(nb)
        for needed in ("image/png", "text/html"):
            if needed not in kinds:
                problems.append(f"no {needed} output anywhere in the notebook")
    if committed is not None:
        new_cells = [c for c in nb.cells if c.cell_type == "code"]
        old_cells = [c for c in committed.cells if c.cell_type == "code"]
        if len(new_cells) != len(old_cells):
            problems.append(f"{len(new_cells)} code cells executed, {len(old_cells)} committed")
        for i, (new, old) in enumerate(zip(new_cells, old_cells)):
            if "nondeterministic" in new.get("metadata", {}).get("tags", []):
                continue
            a, b = text_of(old.get("outputs", [])), text_of(new.get("outputs", []))
            if a != b:
                problems.append(f"code cell {i}: output differs from the committed one\n"
                                f"      committed: {a[:400]!r}\n      now:       {b[:400]!r}")
    return problems


def report(path, problems, seconds=None):
    timing = f" in {seconds:.1f} s" if seconds is not None else ""
    print(f"{path}: {'ok' if not problems else 'FAILED'}{timing}")
    for p in problems:
        print("    " + p)
    return bool(problems)


def main(argv):
    if len(argv) < 3 or argv[1] not in ("check", "update", "judge"):
        print(__doc__)
        return 2
    mode, paths = argv[1], argv[2:]
    failures = 0
    if mode == "judge":
        if len(paths) % 2:
            print("nbrun.py judge: expected pairs COMMITTED EXECUTED")
            return 2
        pairs = list(zip(paths[0::2], paths[1::2]))
        for committed, executed in pairs:
            nb = nbformat.read(executed, as_version=4)
            failures += report(committed, problems_of(nb, nbformat.read(committed, as_version=4)))
        print(f"notebooks: {len(pairs) - failures} passed, {failures} failed")
        return 1 if failures else 0
    for path in paths:
        nb, committed, seconds = execute(path)
        problems = problems_of(nb, committed if mode == "check" else None)
        if mode == "update":
            nbformat.write(nb, path)
        failures += report(path, problems, seconds)
    print(f"notebooks: {len(paths) - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
