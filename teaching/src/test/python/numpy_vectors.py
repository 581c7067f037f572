#!/usr/bin/python3
"""Writes the reference vectors that NumpyRngTest compares against, bit for bit.

Run with Debian's interpreter, which carries python3-numpy 1.24:

    /usr/bin/python3 teaching/src/test/python/numpy_vectors.py

It writes one file per seed into teaching/src/test/resources/numpy/. Every case starts from a
fresh np.random.default_rng(seed). A line reads

    <case> <arguments...> : <value> <value> ...

Doubles are printed with repr(), the shortest text that parses back to the same double, so
Java's Double.parseDouble recovers the exact bits. Integers are printed in decimal.
"""
import os
import sys

import numpy as np

SEEDS = [0, 1, 7, 42, 12345, 2**40 + 3]
LENGTHS = [1, 20, 1000]
# [low, high) pairs: Lemire on 32-bit draws, the full 32-bit range (plain 32-bit draws),
# Lemire on 64-bit draws, an empty range (no draw at all), and nearly the whole of int64.
RANGES = [(0, 10), (-5, 5), (0, 2**33), (0, 2**32), (5, 6), (0, 3), (-2**62, 2**62),
          (-2**63, 2**63 - 1), (1000, 1001000)]
PERMUTATIONS = [0, 1, 2, 10, 1797]

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "numpy")


def doubles(xs):
    return " ".join(repr(float(x)) for x in xs)


def ints(xs):
    return " ".join(str(int(x)) for x in xs)


def cases(seed):
    rng = np.random.default_rng
    ss = np.random.SeedSequence(seed)
    yield "seedsequence_pool", ints(ss.pool)
    yield "generate_state_uint32 8", ints(ss.generate_state(8, np.uint32))
    yield "generate_state_uint64 4", ints(ss.generate_state(4, np.uint64))
    yield "next_uint64 20", ints(np.random.PCG64(seed).random_raw(20))
    for n in LENGTHS:
        yield f"random {n}", doubles(rng(seed).random(n))
    for n in LENGTHS:
        yield f"standard_normal {n}", doubles(rng(seed).standard_normal(n))
    for loc, scale in [(5.0, 0.2), (-1.5, 3.0)]:
        yield f"normal {loc!r} {scale!r} 20", doubles(rng(seed).normal(loc, scale, 20))
    # Many normals, kept short: the XOR of all their bit patterns, and the ones in the tail
    # beyond r = 3.654 (the rare branch that uses log1p) with their positions.
    big = rng(seed).standard_normal(200_000)
    xor = int(np.bitwise_xor.reduce(big.view(np.uint64)))
    tail = np.nonzero(np.abs(big) > 3.6541528853610088)[0]
    yield "standard_normal_digest 200000", f"{xor} " + " ".join(f"{i}:{big[i]!r}" for i in tail)
    for lo, hi in RANGES:
        for n in LENGTHS:
            g = rng(seed)
            scalars = [g.integers(lo, hi) for _ in range(n)]
            vector = rng(seed).integers(lo, hi, size=n)
            assert [int(x) for x in scalars] == [int(x) for x in vector]
            yield f"integers {lo} {hi} {n}", ints(scalars)
    for n in PERMUTATIONS:
        yield f"permutation {n}", ints(rng(seed).permutation(n))
    # One generator used by several methods in turn: the 32-bit half kept back by a bounded
    # draw must survive random() and standard_normal() calls in between.
    g = rng(seed)
    mixed = []
    for _ in range(50):
        mixed.append(("i", int(g.integers(0, 10))))
        mixed.append(("d", float(g.random())))
        mixed.append(("i", int(g.integers(-5, 5))))
        mixed.append(("n", float(g.standard_normal())))
        mixed.append(("p", [int(x) for x in g.permutation(5)]))
        mixed.append(("i", int(g.integers(0, 2**33))))
    text = []
    for kind, v in mixed:
        if kind == "p":
            text.append("p" + ",".join(str(x) for x in v))
        elif kind == "i":
            text.append(f"i{v}")
        else:
            text.append(f"{kind}{v!r}")
    yield "mixed 50", " ".join(text)


SUM_LENGTHS = [0, 1, 5, 7, 8, 9, 15, 16, 17, 19, 20, 100, 127, 128, 129, 255, 256, 1000, 5000]


def sums():
    """a = z * 2**k with z = standard_normal(n), k = integers(-30, 30, n) from default_rng(n):
    magnitudes spread widely, so a different order of additions shows in the last bits."""
    for n in SUM_LENGTHS:
        g = np.random.default_rng(n)
        z = g.standard_normal(n)
        k = g.integers(-30, 30, size=n)
        a = np.ldexp(z, k)
        mean = repr(float(a.mean())) if n else "nan"
        yield f"sum {n}", f"{float(a.sum())!r} {mean} {float(a[1:].sum())!r}"


def main():
    if not np.__version__.startswith("1.24"):
        sys.exit(f"expected numpy 1.24 (Debian's /usr/bin/python3), found {np.__version__}")
    os.makedirs(OUT, exist_ok=True)
    for seed in SEEDS:
        path = os.path.join(OUT, f"seed_{seed}.txt")
        with open(path, "w") as f:
            f.write(f"# np.random.default_rng({seed}), numpy {np.__version__}; "
                    "written by teaching/src/test/python/numpy_vectors.py\n")
            for key, values in cases(seed):
                f.write(f"{key} : {values}\n")
    with open(os.path.join(OUT, "sums.txt"), "w") as f:
        f.write(f"# a.sum() a.mean() a[1:].sum() for the arrays described in numpy_vectors.sums(), "
                f"numpy {np.__version__}\n")
        for key, values in sums():
            f.write(f"{key} : {values}\n")
    print(f"wrote {len(SEEDS)} files to {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()
