package org.fedpoison.aggregate;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A comparator network on {@code n} wires: compare-exchange {@code (lo[c], hi[c])} in order
 * puts the smaller value on wire {@code lo[c]}. Built as Batcher's odd-even merge sort (K. E.
 * Batcher, "Sorting networks and their applications", AFIPS 1968) on the next power of two, with
 * the comparators that touch padding wires dropped (padding holds +infinity, which never moves),
 * and optionally pruned to the comparators some output wires depend on. {@link #apply(float[][], int)}
 * runs it on many columns at once: row {@code r} holds wire {@code r} of every column, so one
 * compare-exchange is a loop of {@code min}/{@code max} over two rows, which the JIT vectorises.
 */
final class SortingNetwork {
    static final SortingNetwork NONE = new SortingNetwork(0, new int[0], new int[0], new int[0], false);
    private static final ConcurrentHashMap<Long, SortingNetwork> CACHE = new ConcurrentHashMap<>();

    final int n;
    final int[] lo;
    final int[] hi;
    /**
     * The Batcher phase of each comparator: {@code p} such that it merges sorted runs of {@code p}
     * wires into runs of {@code 2p} (1, 2, 4, ...); the comparators come in ascending phase. A
     * comparator of phase {@code p} joins two wires of the same aligned group of {@code 2p}, so the
     * phases below 16 stay inside groups of 16 wires and phase 16 inside groups of 32: what
     * {@link KeyLanes} runs in registers.
     */
    final int[] phase;
    /**
     * Whether wire 0 ends holding the smallest value and wire {@code n-1} the largest. Then a NaN on
     * any input reaches both (every input has a path to wire 0, the one its value takes when it is
     * the smallest, and {@code Math.min}/{@code Math.max} give NaN on both outputs once one input is
     * NaN), and an infinity reaches one of them: the two wires tell whether every input is finite.
     */
    final boolean extremes;

    private SortingNetwork(int n, int[] lo, int[] hi, int[] phase, boolean extremes) {
        this.n = n;
        this.lo = lo;
        this.hi = hi;
        this.phase = phase;
        this.extremes = extremes;
    }

    /** The number of compare-exchanges. */
    int size() {
        return lo.length;
    }

    /** Batcher's odd-even merge sort on {@code n} wires (comparators on padding wires removed). */
    static SortingNetwork sort(int n) {
        return CACHE.computeIfAbsent(((long) n << 2), key -> batcher(n));
    }

    /**
     * The comparators of {@link #sort} that the median wires ({@code n/2}, and {@code n/2 - 1} for
     * even n) and the extreme wires ({@code 0}, {@code n-1}: see {@link #extremes}) depend on.
     */
    static SortingNetwork median(int n) {
        SortingNetwork full = sort(n); // not inside computeIfAbsent: the map must not be updated from its own mapping
        return CACHE.computeIfAbsent(((long) n << 2) | 1, key -> {
            boolean[] need = new boolean[n];
            need[n / 2] = true;
            if ((n & 1) == 0) {
                need[n / 2 - 1] = true;
            }
            need[0] = true;
            need[n - 1] = true;
            return full.prune(need);
        });
    }

    /**
     * The comparators of {@link #sort} that the {@code f} lowest and {@code f} highest wires depend
     * on: they end holding the f smallest and the f largest values in order, the wires between them
     * the other values in some order. With {@code f >= 1} the network has {@link #extremes}.
     */
    static SortingNetwork tails(int n, int f) {
        SortingNetwork full = sort(n);
        return CACHE.computeIfAbsent(((long) n << 32) | ((long) f << 2) | 2, key -> {
            boolean[] need = new boolean[n];
            for (int i = 0; i < f; i++) {
                need[i] = true;
                need[n - 1 - i] = true;
            }
            return full.prune(need);
        });
    }

    private static SortingNetwork batcher(int n) {
        int p2 = 1;
        while (p2 < n) {
            p2 <<= 1;
        }
        List<int[]> pairs = new ArrayList<>();
        for (int p = 1; p < p2; p <<= 1) {
            for (int k = p; k >= 1; k >>= 1) {
                for (int j = k % p; j + k < p2; j += 2 * k) {
                    for (int i = 0; i < Math.min(k, p2 - j - k); i++) {
                        if ((i + j) / (2 * p) == (i + j + k) / (2 * p)) {
                            int a = i + j;
                            int c = i + j + k;
                            // wires >= n hold +infinity in the padded network: their comparators never exchange
                            if (c < n) {
                                pairs.add(new int[] {a, c, p});
                            }
                        }
                    }
                }
            }
        }
        int[] lo = new int[pairs.size()];
        int[] hi = new int[pairs.size()];
        int[] phase = new int[pairs.size()];
        for (int c = 0; c < lo.length; c++) {
            lo[c] = pairs.get(c)[0];
            hi[c] = pairs.get(c)[1];
            phase[c] = pairs.get(c)[2];
        }
        return new SortingNetwork(n, lo, hi, phase, true);
    }

    /** The comparators that the wires marked in {@code need} depend on (with {@link #extremes} if wires 0 and n-1 are marked). */
    SortingNetwork prune(boolean[] need) {
        boolean[] live = need.clone();
        boolean[] keep = new boolean[lo.length];
        int kept = 0;
        for (int c = lo.length - 1; c >= 0; c--) {
            if (live[lo[c]] || live[hi[c]]) {
                keep[c] = true;
                live[lo[c]] = true;
                live[hi[c]] = true;
                kept++;
            }
        }
        int[] l = new int[kept];
        int[] h = new int[kept];
        int[] ph = new int[kept];
        for (int c = 0, q = 0; c < lo.length; c++) {
            if (keep[c]) {
                l[q] = lo[c];
                h[q] = hi[c];
                ph[q++] = phase[c];
            }
        }
        return new SortingNetwork(n, l, h, ph, extremes && need[0] && need[n - 1]);
    }

    /** Runs the network on lanes {@code [0, len)} of the rows {@code v}. */
    void apply(float[][] v, int len) {
        for (int c = 0; c < lo.length; c++) {
            exchange(v[lo[c]], v[hi[c]], len);
        }
    }

    /** Runs the network on one column {@code a[0, n)} (for tests). */
    void apply(double[] a) {
        for (int c = 0; c < lo.length; c++) {
            double x = a[lo[c]];
            double y = a[hi[c]];
            a[lo[c]] = Math.min(x, y);
            a[hi[c]] = Math.max(x, y);
        }
    }

    /** {@code (x, y) <- (min, max)} lane by lane; {@code -0.0} counts as smaller than {@code 0.0}. */
    private static void exchange(float[] x, float[] y, int len) {
        for (int j = 0; j < len; j++) {
            float a = x[j];
            float b = y[j];
            x[j] = Math.min(a, b);
            y[j] = Math.max(a, b);
        }
    }
}
