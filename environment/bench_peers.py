#!/usr/bin/python3
"""W2 peers: the robust aggregation rules written the way an experienced NumPy / PyTorch user would,
timed on the same workload as the library's W2 lines, so that ratios come from one run.

Prints, per workload (K updates of d float32 standard normal values, f = 10):
    # peer rule=<rule> k=<K> d=<D> numpy=<s> torch=<s> runs=<n>,<n>
and, for every `W2 rule=<rule> k=<K> d=<D> seconds=<s>` line read on standard input (the library's
lines from the same run), a ratio line
    # ratio rule=<rule> k=<K> d=<D> ours=<s> best_peer=<numpy|torch>:<s> speedup=<best_peer/ours>
Each time is the median of --runs timed calls after one untimed warm-up call (the first call also
pays the page faults of its result); a rule whose calls would take more than a minute in all gets
fewer timed calls (runs=<numpy>,<torch> says how many). A peer that is not installed prints `-` and a line saying how
to install it (`apt-get install python3-numpy python3-torch`).

The rules (f = 10):
    mean              np.mean(U, axis=0)                        torch.mean(T, dim=0)
    coordinate_median np.median(U, axis=0)                      torch.median(T, dim=0)  (lower median
                                                                 for even K; same cost as the mean of the
                                                                 middle pair, which NumPy returns)
    trimmed_mean      np.sort(U, axis=0)[f:K-f].mean(axis=0)    torch.sort(T, dim=0)[0][f:K-f].mean(0)
    krum              float32 Gram G = U U^T, D = g_i + g_j - 2 G, score = sum of the K-f-2 smallest
                      distances to the others (np.partition / torch.topk), the update of least score
    geometric_median  Weiszfeld from the mean: distances from |U|^2 - 2 U z + |z|^2 (one float32
                      matrix-vector product), z = w U / sum w with w = 1/max(dist, 1e-6), at most 100
                      steps, stopped when a step moves z by at most 1e-6 times the median distance
NumPy and PyTorch run with the BLAS that Debian installs with them (the reference libblas3 unless an
optimised one is installed); the header line names it.
At K = 1,000 only the per-coordinate rules run by default: with Debian's reference BLAS the peers'
float32 Gram matrix of 1,000 x 100,000 takes minutes a call.
Usage: bench_peers.py [--runs N] [--workload K:D[:rule,rule...] ...]
       (default 100:1000000 1000:100000:mean,coordinate_median,trimmed_mean)
"""

import argparse
import ctypes
import os
import sys
import time

F = 10


def median_time(fn, runs, budget=60.0):
    """Median seconds of up to `runs` timed calls after a warm-up call; fewer calls (at least one)
    when they would take more than `budget` seconds in all. Returns (seconds, calls)."""
    t0 = time.perf_counter()
    fn()  # warm-up: page faults of the result, lazy initialisation
    warm = time.perf_counter() - t0
    n = runs if warm * runs <= budget else max(1, int(budget // max(warm, 1e-9)))
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    times.sort()
    return times[len(times) // 2], n


def numpy_rules(np, U):
    k = U.shape[0]

    def krum():
        G = U @ U.T
        g = np.diag(G)
        D = g[:, None] + g[None, :] - 2 * G
        np.fill_diagonal(D, np.inf)
        n = k - F - 2
        scores = np.partition(D, n - 1, axis=1)[:, :n].sum(axis=1)
        return U[np.argmin(scores)]

    def geometric_median():
        sq = np.einsum("ij,ij->i", U, U)
        z = U.mean(axis=0)
        for _ in range(100):
            d2 = sq - 2 * (U @ z) + z @ z
            dist = np.sqrt(np.maximum(d2, 0))
            w = 1 / np.maximum(dist, 1e-6)
            z_new = (w @ U) / w.sum()
            step = np.linalg.norm(z_new - z)
            z = z_new
            if step <= 1e-6 * np.median(dist):
                break
        return z

    return {
        "mean": lambda: U.mean(axis=0),
        "coordinate_median": lambda: np.median(U, axis=0),
        "trimmed_mean": lambda: np.sort(U, axis=0)[F:k - F].mean(axis=0),
        "krum": krum,
        "geometric_median": geometric_median,
    }


def torch_rules(torch, T):
    k = T.shape[0]

    def krum():
        G = T @ T.T
        g = torch.diagonal(G)
        D = g[:, None] + g[None, :] - 2 * G
        D.fill_diagonal_(float("inf"))
        n = k - F - 2
        scores = torch.topk(D, n, dim=1, largest=False).values.sum(dim=1)
        return T[torch.argmin(scores)]

    def geometric_median():
        sq = (T * T).sum(dim=1)
        z = T.mean(dim=0)
        for _ in range(100):
            d2 = sq - 2 * torch.mv(T, z) + torch.dot(z, z)
            dist = torch.sqrt(torch.clamp(d2, min=0))
            w = 1 / torch.clamp(dist, min=1e-6)
            z_new = torch.mv(T.T, w) / w.sum()
            step = torch.linalg.norm(z_new - z)
            z = z_new
            if step <= 1e-6 * torch.median(dist):
                break
        return z

    return {
        "mean": lambda: T.mean(dim=0),
        "coordinate_median": lambda: torch.median(T, dim=0),
        "trimmed_mean": lambda: torch.sort(T, dim=0)[0][F:k - F].mean(dim=0),
        "krum": krum,
        "geometric_median": geometric_median,
    }


RULES = ["mean", "coordinate_median", "trimmed_mean", "krum", "geometric_median"]


def blas_info():
    """The BLAS library NumPy loaded: OpenBLAS with its kernel and threads, or the library's path."""
    try:
        with open("/proc/self/maps") as maps:
            paths = sorted({line.split()[-1] for line in maps if "blas" in line and "/" in line})
    except OSError:
        return "unknown"
    for path in paths:
        try:
            lib = ctypes.CDLL(path)
            lib.openblas_get_corename.restype = ctypes.c_char_p
            return "openblas:%s,threads=%d" % (lib.openblas_get_corename().decode(), lib.openblas_get_num_threads())
        except (OSError, AttributeError):
            continue
    return ",".join(os.path.realpath(p) for p in paths) or "unknown"


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--workload", nargs="*",
                   default=["100:1000000", "1000:100000:mean,coordinate_median,trimmed_mean"])
    args = p.parse_args()
    ours = {}
    if not sys.stdin.isatty():
        for line in sys.stdin:
            if line.startswith("W2 "):
                fields = dict(kv.split("=", 1) for kv in line.split()[1:] if "=" in kv)
                if "seconds" in fields:
                    ours[(fields["rule"], int(fields["k"]), int(fields["d"]))] = float(fields["seconds"])
    try:
        import numpy as np
    except ImportError:
        print("# peer numpy missing: apt-get install python3-numpy")
        return 0
    try:
        import torch
        torch.set_num_threads(os.cpu_count() or 1)
    except ImportError:
        torch = None
        print("# peer torch missing: apt-get install python3-torch")
    with open("/proc/loadavg") as f:
        load = f.read().split()[0]
    print("# peer numpy=%s blas=%s torch=%s torch_threads=%s OPENBLAS_CORETYPE=%s load=%s" % (
        np.__version__, blas_info(), torch.__version__ if torch else "-",
        torch.get_num_threads() if torch else "-", os.environ.get("OPENBLAS_CORETYPE", "(unset)"), load))
    sys.stdout.flush()
    for spec in args.workload:
        parts = spec.split(":")
        k, d = int(parts[0]), int(parts[1])
        rules = parts[2].split(",") if len(parts) > 2 else RULES
        rng = np.random.default_rng(42)
        U = rng.standard_normal((k, d), dtype=np.float32)
        T = torch.from_numpy(U) if torch else None
        nr = numpy_rules(np, U)
        tr = torch_rules(torch, T) if torch else {}
        for rule in rules:
            tn, rn = median_time(nr[rule], args.runs)
            tt, rt = median_time(tr[rule], args.runs) if torch else (None, 0)
            print("# peer rule=%s k=%d d=%d numpy=%.4f torch=%s runs=%d,%d" % (
                rule, k, d, tn, "%.4f" % tt if tt is not None else "-", rn, rt))
            mine = ours.get((rule, k, d))
            if mine is not None:
                best, who = (tn, "numpy") if tt is None or tn <= tt else (tt, "torch")
                print("# ratio rule=%s k=%d d=%d ours=%.4f best_peer=%s:%.4f speedup=%.1f" % (
                    rule, k, d, mine, who, best, best / mine))
            sys.stdout.flush()
        del U, T, nr, tr
    return 0


if __name__ == "__main__":
    sys.exit(main())
