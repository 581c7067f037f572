package org.fedpoison.aggregate;

import java.nio.IntBuffer;
import java.util.concurrent.ConcurrentHashMap;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * A {@link SortingNetwork} run on integer keys with the JDK's vector API
 * ({@code jdk.incubator.vector}), the fast path of {@link OrderStatistics} on float32 rounds.
 *
 * <p>A float's bits {@code b} become the key {@code b ^ ((b >> 31) & 0x7fffffff)}: negative floats
 * have their magnitude bits flipped, so signed integer order is the order of the floats, with
 * {@code -0.0} below {@code 0.0} (as {@code Math.min} on floats has it), {@code -inf} and
 * {@code +inf} below and above every finite value and NaNs beyond them (a NaN with the sign bit set
 * below {@code -inf}, without it above {@code +inf}). The map is its own inverse. On finite inputs
 * every wire therefore ends holding exactly the float (the same bits) that the float network leaves
 * on it, while a compare-exchange is one integer {@code min} and one {@code max} instruction per
 * 16 lanes (the float version needs a few more to order signed zeros and NaNs as Java does).
 * A NaN or an infinity anywhere in a column reaches wire 0 or wire {@code n-1}, whose keys
 * {@link #finite} checks.
 *
 * <p>A block of coordinates is held chunk by chunk: the keys of lanes {@code [cL, cL+L)} ({@code L}
 * lanes a vector) of rows {@code 0..n-1} lie one after the other from {@code c n L}, so a chunk's
 * rows are a few contiguous kilobytes that stay in the L1 cache while its comparators run.
 *
 * <p>The first Batcher phases never leave aligned groups of 16 wires (phases 1 to 8) or of 32
 * (phase 16): on every full group they run with the group's lanes held in vector registers
 * ({@link #sort16}, {@link #merge32}), loaded and stored once; the remaining comparators run one
 * vector of lanes at a time from the (L1-resident) rows. Comparators pruned from a network but run
 * here anyway only touch wires that no kept output depends on, so results do not change.
 *
 * <p>Used only when the module is present ({@link OrderStatistics#VECTOR_API}): the JVM must be
 * started with {@code --add-modules jdk.incubator.vector}; otherwise the float network runs, with
 * the same results.
 */
final class KeyLanes {
    private KeyLanes() {}

    static final VectorSpecies<Integer> S = IntVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> FS = VectorSpecies.of(float.class, S.vectorShape());
    private static final VectorSpecies<Double> DS = VectorSpecies.of(double.class, S.vectorShape());
    /** Lanes a vector. */
    static final int L = S.length();

    /** The key of {@code -inf}: finite values have keys strictly between it and {@link #POS_INF}. */
    static final int NEG_INF = key(Float.floatToRawIntBits(Float.NEGATIVE_INFINITY));
    /** The key of {@code +inf}. */
    static final int POS_INF = key(Float.floatToRawIntBits(Float.POSITIVE_INFINITY));

    /** The key of the float bits {@code b}, or the float bits of the key {@code b}. */
    static int key(int b) {
        return b ^ ((b >> 31) & 0x7fffffff);
    }

    private static IntVector key(IntVector b) {
        return b.lanewise(VectorOperators.ASHR, 31).and(0x7fffffff).lanewise(VectorOperators.XOR, b);
    }

    /** Lanes rounded up to whole vectors. */
    static int width(int len) {
        return (len + L - 1) / L * L;
    }

    /**
     * Reads {@code len} float bits of row {@code row} from {@code src} at {@code offset} (through
     * {@code tmp}, at least {@code width(len)} long) into the block {@code keys} of {@code n} rows,
     * as keys; lanes {@code [len, width(len))} get key 0.
     */
    static void load(IntBuffer src, int offset, int len, int row, int n, int[] tmp, int[] keys) {
        src.get(offset, tmp, 0, len);
        int w = width(len);
        for (int j = len; j < w; j++) {
            tmp[j] = 0;
        }
        for (int j = 0, o = row * L; j < w; j += L, o += n * L) {
            key(IntVector.fromArray(S, tmp, j)).intoArray(keys, o);
        }
    }

    /** Writes the floats of row {@code row}, lanes {@code [0, len)}, of the block to {@code out}. */
    static void store(int[] keys, int n, int row, int len, float[] out) {
        for (int j = 0, o = row * L; j < len; j += L, o += n * L) {
            for (int q = 0, m = Math.min(L, len - j); q < m; q++) {
                out[j + q] = Float.intBitsToFloat(key(keys[o + q]));
            }
        }
    }

    /** Whether every lane of {@code [0, len)} has {@code -inf < row 0 <= row n-1 < +inf} as floats. */
    static boolean finite(int[] keys, int n, int len) {
        boolean ok = true;
        for (int j = 0, o = 0; j < len; j += L, o += n * L) {
            for (int q = 0, m = Math.min(L, len - j); q < m; q++) {
                ok &= keys[o + q] > NEG_INF & keys[o + (n - 1) * L + q] < POS_INF;
            }
        }
        return ok;
    }

    /**
     * The kept sums of one chunk (at {@code c}, lanes from {@code j}): for each of its lanes, the
     * double sum of the floats of rows {@code [from, to)} into {@code sums} and the smallest of their
     * magnitudes into {@code smallest}; two rows a step into separate accumulators, so the additions
     * of consecutive rows do not wait for each other.
     */
    private static void keptSums(int[] keys, int c, int from, int to, double[] sums, float[] smallest, int j) {
        DoubleVector s0 = DoubleVector.zero(DS);
        DoubleVector s1 = DoubleVector.zero(DS);
        DoubleVector t0 = DoubleVector.zero(DS);
        DoubleVector t1 = DoubleVector.zero(DS);
        FloatVector small = FloatVector.broadcast(FS, Float.POSITIVE_INFINITY);
        FloatVector tiny = small;
        int r = from;
        int o = c + from * L;
        for (; r + 2 <= to; r += 2, o += 2 * L) {
            FloatVector x = key(IntVector.fromArray(S, keys, o)).reinterpretAsFloats();
            FloatVector y = key(IntVector.fromArray(S, keys, o + L)).reinterpretAsFloats();
            s0 = s0.add((DoubleVector) x.convertShape(VectorOperators.F2D, DS, 0));
            s1 = s1.add((DoubleVector) x.convertShape(VectorOperators.F2D, DS, 1));
            t0 = t0.add((DoubleVector) y.convertShape(VectorOperators.F2D, DS, 0));
            t1 = t1.add((DoubleVector) y.convertShape(VectorOperators.F2D, DS, 1));
            small = small.min(x.abs());
            tiny = tiny.min(y.abs());
        }
        if (r < to) {
            FloatVector x = key(IntVector.fromArray(S, keys, o)).reinterpretAsFloats();
            s0 = s0.add((DoubleVector) x.convertShape(VectorOperators.F2D, DS, 0));
            s1 = s1.add((DoubleVector) x.convertShape(VectorOperators.F2D, DS, 1));
            small = small.min(x.abs());
        }
        s0.add(t0).intoArray(sums, j);
        s1.add(t1).intoArray(sums, j + L / 2);
        small.min(tiny).intoArray(smallest, j);
    }

    /**
     * How a network runs here. Phases 1 to 8 never leave aligned groups of 16 wires: every full group
     * is sorted by {@link #sort16} in registers, the comparators of the last, partial group run one by
     * one. A later phase {@code p >= 16} merges sorted runs of {@code p} within aligned groups of
     * {@code 2p}; of its sub-steps (comparators {@code k = p, p/2, ..., 1} wires apart), those with
     * {@code k >= s = p/16} join wires of the same residue class modulo {@code s}, and on each class of
     * a full group (32 wires, {@code s} apart) they are exactly the comparators of phase 16 on 32 wires:
     * {@link #merge32} runs them in registers. The other comparators of the phase (sub-steps below
     * {@code s}, partial groups) follow one by one, in Batcher's order.
     */
    private static final class Plan {
        final int groups16;
        final int[] lo16;
        final int[] hi16;
        /** Per later phase: its {@code p}, full groups, and the comparators left to run one by one. */
        final int[] phases;
        final int[] groups;
        final int[][] lo;
        final int[][] hi;

        Plan(SortingNetwork net) {
            int n = net.n;
            int m = net.size();
            groups16 = n / 16;
            int a = 0;
            while (a < m && net.phase[a] < 16) {
                a++;
            }
            int[][] first = select(net, 0, a, c -> net.hi[c] < 16 * groups16);
            lo16 = first[0];
            hi16 = first[1];
            int count = 0;
            for (int c = a; c < m; c = next(net, c)) {
                count++;
            }
            phases = new int[count];
            groups = new int[count];
            lo = new int[count][];
            hi = new int[count][];
            for (int c = a, q = 0; c < m; q++) {
                int end = next(net, c);
                int p = net.phase[c];
                int full = n / (2 * p);
                int s = p / 16;
                phases[q] = p;
                groups[q] = full;
                int[][] rest = select(net, c, end, x -> net.hi[x] < 2 * p * full && net.hi[x] - net.lo[x] >= s);
                lo[q] = rest[0];
                hi[q] = rest[1];
                c = end;
            }
        }

        /** The first comparator after {@code c}'s phase. */
        private static int next(SortingNetwork net, int c) {
            int e = c;
            while (e < net.size() && net.phase[e] == net.phase[c]) {
                e++;
            }
            return e;
        }

        /** The comparators of {@code [from, to)} that {@code covered} does not claim, as offsets of rows. */
        private static int[][] select(SortingNetwork net, int from, int to, java.util.function.IntPredicate covered) {
            int count = 0;
            for (int c = from; c < to; c++) {
                count += covered.test(c) ? 0 : 1;
            }
            int[] l = new int[count];
            int[] h = new int[count];
            for (int c = from, q = 0; c < to; c++) {
                if (!covered.test(c)) {
                    l[q] = net.lo[c] * L;
                    h[q++] = net.hi[c] * L;
                }
            }
            return new int[][] {l, h};
        }
    }

    private static final ConcurrentHashMap<SortingNetwork, Plan> PLANS = new ConcurrentHashMap<>();

    /** Runs {@code net} on every lane of the block {@code keys} ({@code net.n} rows, {@code chunks} vectors of lanes). */
    static void apply(SortingNetwork net, int[] keys, int chunks) {
        apply(net, keys, chunks, 0, 0, null, null);
    }

    /**
     * As {@link #apply(SortingNetwork, int[], int)}, then, while each chunk is still in L1, the
     * kept sums of rows {@code [from, to)} (none if {@code from == to}).
     */
    static void apply(SortingNetwork net, int[] keys, int chunks, int from, int to, double[] sums, float[] smallest) {
        Plan plan = PLANS.computeIfAbsent(net, Plan::new);
        int stride = net.n * L;
        for (int c = 0, o = 0; c < chunks; c++, o += stride) {
            for (int g = 0; g < plan.groups16; g++) {
                sort16(keys, o + 16 * g * L);
            }
            exchange(plan.lo16, plan.hi16, keys, o);
            for (int q = 0; q < plan.phases.length; q++) {
                int p = plan.phases[q];
                int s = p / 16;
                for (int g = 0; g < plan.groups[q]; g++) {
                    for (int r = 0; r < s; r++) {
                        merge32(keys, o + (2 * p * g + r) * L, s * L);
                    }
                }
                exchange(plan.lo[q], plan.hi[q], keys, o);
            }
            if (from < to) {
                keptSums(keys, o, from, to, sums, smallest, c * L);
            }
        }
    }

    /** The comparators {@code (lo[c], hi[c])} (row offsets) in order on the chunk at {@code o}. */
    private static void exchange(int[] lo, int[] hi, int[] a, int o) {
        for (int c = 0; c < lo.length; c++) {
            int x = o + lo[c];
            int y = o + hi[c];
            IntVector p = IntVector.fromArray(S, a, x);
            IntVector q = IntVector.fromArray(S, a, y);
            p.min(q).intoArray(a, x);
            p.max(q).intoArray(a, y);
        }
    }

    /** Batcher's phases 1 to 8 on the 16 rows from offset {@code o}: the 63 comparators that sort them, in registers. */
    private static void sort16(int[] a, int o) {
        IntVector x0 = IntVector.fromArray(S, a, o + 0 * L);
        IntVector x1 = IntVector.fromArray(S, a, o + 1 * L);
        IntVector x2 = IntVector.fromArray(S, a, o + 2 * L);
        IntVector x3 = IntVector.fromArray(S, a, o + 3 * L);
        IntVector x4 = IntVector.fromArray(S, a, o + 4 * L);
        IntVector x5 = IntVector.fromArray(S, a, o + 5 * L);
        IntVector x6 = IntVector.fromArray(S, a, o + 6 * L);
        IntVector x7 = IntVector.fromArray(S, a, o + 7 * L);
        IntVector x8 = IntVector.fromArray(S, a, o + 8 * L);
        IntVector x9 = IntVector.fromArray(S, a, o + 9 * L);
        IntVector x10 = IntVector.fromArray(S, a, o + 10 * L);
        IntVector x11 = IntVector.fromArray(S, a, o + 11 * L);
        IntVector x12 = IntVector.fromArray(S, a, o + 12 * L);
        IntVector x13 = IntVector.fromArray(S, a, o + 13 * L);
        IntVector x14 = IntVector.fromArray(S, a, o + 14 * L);
        IntVector x15 = IntVector.fromArray(S, a, o + 15 * L);
        IntVector t;
        t = x0.min(x1); x1 = x0.max(x1); x0 = t;
        t = x2.min(x3); x3 = x2.max(x3); x2 = t;
        t = x4.min(x5); x5 = x4.max(x5); x4 = t;
        t = x6.min(x7); x7 = x6.max(x7); x6 = t;
        t = x8.min(x9); x9 = x8.max(x9); x8 = t;
        t = x10.min(x11); x11 = x10.max(x11); x10 = t;
        t = x12.min(x13); x13 = x12.max(x13); x12 = t;
        t = x14.min(x15); x15 = x14.max(x15); x14 = t;
        t = x0.min(x2); x2 = x0.max(x2); x0 = t;
        t = x1.min(x3); x3 = x1.max(x3); x1 = t;
        t = x4.min(x6); x6 = x4.max(x6); x4 = t;
        t = x5.min(x7); x7 = x5.max(x7); x5 = t;
        t = x8.min(x10); x10 = x8.max(x10); x8 = t;
        t = x9.min(x11); x11 = x9.max(x11); x9 = t;
        t = x12.min(x14); x14 = x12.max(x14); x12 = t;
        t = x13.min(x15); x15 = x13.max(x15); x13 = t;
        t = x1.min(x2); x2 = x1.max(x2); x1 = t;
        t = x5.min(x6); x6 = x5.max(x6); x5 = t;
        t = x9.min(x10); x10 = x9.max(x10); x9 = t;
        t = x13.min(x14); x14 = x13.max(x14); x13 = t;
        t = x0.min(x4); x4 = x0.max(x4); x0 = t;
        t = x1.min(x5); x5 = x1.max(x5); x1 = t;
        t = x2.min(x6); x6 = x2.max(x6); x2 = t;
        t = x3.min(x7); x7 = x3.max(x7); x3 = t;
        t = x8.min(x12); x12 = x8.max(x12); x8 = t;
        t = x9.min(x13); x13 = x9.max(x13); x9 = t;
        t = x10.min(x14); x14 = x10.max(x14); x10 = t;
        t = x11.min(x15); x15 = x11.max(x15); x11 = t;
        t = x2.min(x4); x4 = x2.max(x4); x2 = t;
        t = x3.min(x5); x5 = x3.max(x5); x3 = t;
        t = x10.min(x12); x12 = x10.max(x12); x10 = t;
        t = x11.min(x13); x13 = x11.max(x13); x11 = t;
        t = x1.min(x2); x2 = x1.max(x2); x1 = t;
        t = x3.min(x4); x4 = x3.max(x4); x3 = t;
        t = x5.min(x6); x6 = x5.max(x6); x5 = t;
        t = x9.min(x10); x10 = x9.max(x10); x9 = t;
        t = x11.min(x12); x12 = x11.max(x12); x11 = t;
        t = x13.min(x14); x14 = x13.max(x14); x13 = t;
        t = x0.min(x8); x8 = x0.max(x8); x0 = t;
        t = x1.min(x9); x9 = x1.max(x9); x1 = t;
        t = x2.min(x10); x10 = x2.max(x10); x2 = t;
        t = x3.min(x11); x11 = x3.max(x11); x3 = t;
        t = x4.min(x12); x12 = x4.max(x12); x4 = t;
        t = x5.min(x13); x13 = x5.max(x13); x5 = t;
        t = x6.min(x14); x14 = x6.max(x14); x6 = t;
        t = x7.min(x15); x15 = x7.max(x15); x7 = t;
        t = x4.min(x8); x8 = x4.max(x8); x4 = t;
        t = x5.min(x9); x9 = x5.max(x9); x5 = t;
        t = x6.min(x10); x10 = x6.max(x10); x6 = t;
        t = x7.min(x11); x11 = x7.max(x11); x7 = t;
        t = x2.min(x4); x4 = x2.max(x4); x2 = t;
        t = x3.min(x5); x5 = x3.max(x5); x3 = t;
        t = x6.min(x8); x8 = x6.max(x8); x6 = t;
        t = x7.min(x9); x9 = x7.max(x9); x7 = t;
        t = x10.min(x12); x12 = x10.max(x12); x10 = t;
        t = x11.min(x13); x13 = x11.max(x13); x11 = t;
        t = x1.min(x2); x2 = x1.max(x2); x1 = t;
        t = x3.min(x4); x4 = x3.max(x4); x3 = t;
        t = x5.min(x6); x6 = x5.max(x6); x5 = t;
        t = x7.min(x8); x8 = x7.max(x8); x7 = t;
        t = x9.min(x10); x10 = x9.max(x10); x9 = t;
        t = x11.min(x12); x12 = x11.max(x12); x11 = t;
        t = x13.min(x14); x14 = x13.max(x14); x13 = t;
        x0.intoArray(a, o + 0 * L);
        x1.intoArray(a, o + 1 * L);
        x2.intoArray(a, o + 2 * L);
        x3.intoArray(a, o + 3 * L);
        x4.intoArray(a, o + 4 * L);
        x5.intoArray(a, o + 5 * L);
        x6.intoArray(a, o + 6 * L);
        x7.intoArray(a, o + 7 * L);
        x8.intoArray(a, o + 8 * L);
        x9.intoArray(a, o + 9 * L);
        x10.intoArray(a, o + 10 * L);
        x11.intoArray(a, o + 11 * L);
        x12.intoArray(a, o + 12 * L);
        x13.intoArray(a, o + 13 * L);
        x14.intoArray(a, o + 14 * L);
        x15.intoArray(a, o + 15 * L);
    }

    /**
     * Batcher's merge of two sorted halves of 16 on the 32 rows {@code o, o + st, ..., o + 31 st}: the 65
     * comparators of phase 16, in registers. On rows {@code st / L} apart it is the part of a later
     * phase that stays within one residue class of its wires (see {@link Plan}).
     */
    private static void merge32(int[] a, int o, int st) {
        IntVector x0 = IntVector.fromArray(S, a, o + 0 * st);
        IntVector x1 = IntVector.fromArray(S, a, o + 1 * st);
        IntVector x2 = IntVector.fromArray(S, a, o + 2 * st);
        IntVector x3 = IntVector.fromArray(S, a, o + 3 * st);
        IntVector x4 = IntVector.fromArray(S, a, o + 4 * st);
        IntVector x5 = IntVector.fromArray(S, a, o + 5 * st);
        IntVector x6 = IntVector.fromArray(S, a, o + 6 * st);
        IntVector x7 = IntVector.fromArray(S, a, o + 7 * st);
        IntVector x8 = IntVector.fromArray(S, a, o + 8 * st);
        IntVector x9 = IntVector.fromArray(S, a, o + 9 * st);
        IntVector x10 = IntVector.fromArray(S, a, o + 10 * st);
        IntVector x11 = IntVector.fromArray(S, a, o + 11 * st);
        IntVector x12 = IntVector.fromArray(S, a, o + 12 * st);
        IntVector x13 = IntVector.fromArray(S, a, o + 13 * st);
        IntVector x14 = IntVector.fromArray(S, a, o + 14 * st);
        IntVector x15 = IntVector.fromArray(S, a, o + 15 * st);
        IntVector x16 = IntVector.fromArray(S, a, o + 16 * st);
        IntVector x17 = IntVector.fromArray(S, a, o + 17 * st);
        IntVector x18 = IntVector.fromArray(S, a, o + 18 * st);
        IntVector x19 = IntVector.fromArray(S, a, o + 19 * st);
        IntVector x20 = IntVector.fromArray(S, a, o + 20 * st);
        IntVector x21 = IntVector.fromArray(S, a, o + 21 * st);
        IntVector x22 = IntVector.fromArray(S, a, o + 22 * st);
        IntVector x23 = IntVector.fromArray(S, a, o + 23 * st);
        IntVector x24 = IntVector.fromArray(S, a, o + 24 * st);
        IntVector x25 = IntVector.fromArray(S, a, o + 25 * st);
        IntVector x26 = IntVector.fromArray(S, a, o + 26 * st);
        IntVector x27 = IntVector.fromArray(S, a, o + 27 * st);
        IntVector x28 = IntVector.fromArray(S, a, o + 28 * st);
        IntVector x29 = IntVector.fromArray(S, a, o + 29 * st);
        IntVector x30 = IntVector.fromArray(S, a, o + 30 * st);
        IntVector x31 = IntVector.fromArray(S, a, o + 31 * st);
        IntVector t;
        t = x0.min(x16); x16 = x0.max(x16); x0 = t;
        t = x1.min(x17); x17 = x1.max(x17); x1 = t;
        t = x2.min(x18); x18 = x2.max(x18); x2 = t;
        t = x3.min(x19); x19 = x3.max(x19); x3 = t;
        t = x4.min(x20); x20 = x4.max(x20); x4 = t;
        t = x5.min(x21); x21 = x5.max(x21); x5 = t;
        t = x6.min(x22); x22 = x6.max(x22); x6 = t;
        t = x7.min(x23); x23 = x7.max(x23); x7 = t;
        t = x8.min(x24); x24 = x8.max(x24); x8 = t;
        t = x9.min(x25); x25 = x9.max(x25); x9 = t;
        t = x10.min(x26); x26 = x10.max(x26); x10 = t;
        t = x11.min(x27); x27 = x11.max(x27); x11 = t;
        t = x12.min(x28); x28 = x12.max(x28); x12 = t;
        t = x13.min(x29); x29 = x13.max(x29); x13 = t;
        t = x14.min(x30); x30 = x14.max(x30); x14 = t;
        t = x15.min(x31); x31 = x15.max(x31); x15 = t;
        t = x8.min(x16); x16 = x8.max(x16); x8 = t;
        t = x9.min(x17); x17 = x9.max(x17); x9 = t;
        t = x10.min(x18); x18 = x10.max(x18); x10 = t;
        t = x11.min(x19); x19 = x11.max(x19); x11 = t;
        t = x12.min(x20); x20 = x12.max(x20); x12 = t;
        t = x13.min(x21); x21 = x13.max(x21); x13 = t;
        t = x14.min(x22); x22 = x14.max(x22); x14 = t;
        t = x15.min(x23); x23 = x15.max(x23); x15 = t;
        t = x4.min(x8); x8 = x4.max(x8); x4 = t;
        t = x5.min(x9); x9 = x5.max(x9); x5 = t;
        t = x6.min(x10); x10 = x6.max(x10); x6 = t;
        t = x7.min(x11); x11 = x7.max(x11); x7 = t;
        t = x12.min(x16); x16 = x12.max(x16); x12 = t;
        t = x13.min(x17); x17 = x13.max(x17); x13 = t;
        t = x14.min(x18); x18 = x14.max(x18); x14 = t;
        t = x15.min(x19); x19 = x15.max(x19); x15 = t;
        t = x20.min(x24); x24 = x20.max(x24); x20 = t;
        t = x21.min(x25); x25 = x21.max(x25); x21 = t;
        t = x22.min(x26); x26 = x22.max(x26); x22 = t;
        t = x23.min(x27); x27 = x23.max(x27); x23 = t;
        t = x2.min(x4); x4 = x2.max(x4); x2 = t;
        t = x3.min(x5); x5 = x3.max(x5); x3 = t;
        t = x6.min(x8); x8 = x6.max(x8); x6 = t;
        t = x7.min(x9); x9 = x7.max(x9); x7 = t;
        t = x10.min(x12); x12 = x10.max(x12); x10 = t;
        t = x11.min(x13); x13 = x11.max(x13); x11 = t;
        t = x14.min(x16); x16 = x14.max(x16); x14 = t;
        t = x15.min(x17); x17 = x15.max(x17); x15 = t;
        t = x18.min(x20); x20 = x18.max(x20); x18 = t;
        t = x19.min(x21); x21 = x19.max(x21); x19 = t;
        t = x22.min(x24); x24 = x22.max(x24); x22 = t;
        t = x23.min(x25); x25 = x23.max(x25); x23 = t;
        t = x26.min(x28); x28 = x26.max(x28); x26 = t;
        t = x27.min(x29); x29 = x27.max(x29); x27 = t;
        t = x1.min(x2); x2 = x1.max(x2); x1 = t;
        t = x3.min(x4); x4 = x3.max(x4); x3 = t;
        t = x5.min(x6); x6 = x5.max(x6); x5 = t;
        t = x7.min(x8); x8 = x7.max(x8); x7 = t;
        t = x9.min(x10); x10 = x9.max(x10); x9 = t;
        t = x11.min(x12); x12 = x11.max(x12); x11 = t;
        t = x13.min(x14); x14 = x13.max(x14); x13 = t;
        t = x15.min(x16); x16 = x15.max(x16); x15 = t;
        t = x17.min(x18); x18 = x17.max(x18); x17 = t;
        t = x19.min(x20); x20 = x19.max(x20); x19 = t;
        t = x21.min(x22); x22 = x21.max(x22); x21 = t;
        t = x23.min(x24); x24 = x23.max(x24); x23 = t;
        t = x25.min(x26); x26 = x25.max(x26); x25 = t;
        t = x27.min(x28); x28 = x27.max(x28); x27 = t;
        t = x29.min(x30); x30 = x29.max(x30); x29 = t;
        x0.intoArray(a, o + 0 * st);
        x1.intoArray(a, o + 1 * st);
        x2.intoArray(a, o + 2 * st);
        x3.intoArray(a, o + 3 * st);
        x4.intoArray(a, o + 4 * st);
        x5.intoArray(a, o + 5 * st);
        x6.intoArray(a, o + 6 * st);
        x7.intoArray(a, o + 7 * st);
        x8.intoArray(a, o + 8 * st);
        x9.intoArray(a, o + 9 * st);
        x10.intoArray(a, o + 10 * st);
        x11.intoArray(a, o + 11 * st);
        x12.intoArray(a, o + 12 * st);
        x13.intoArray(a, o + 13 * st);
        x14.intoArray(a, o + 14 * st);
        x15.intoArray(a, o + 15 * st);
        x16.intoArray(a, o + 16 * st);
        x17.intoArray(a, o + 17 * st);
        x18.intoArray(a, o + 18 * st);
        x19.intoArray(a, o + 19 * st);
        x20.intoArray(a, o + 20 * st);
        x21.intoArray(a, o + 21 * st);
        x22.intoArray(a, o + 22 * st);
        x23.intoArray(a, o + 23 * st);
        x24.intoArray(a, o + 24 * st);
        x25.intoArray(a, o + 25 * st);
        x26.intoArray(a, o + 26 * st);
        x27.intoArray(a, o + 27 * st);
        x28.intoArray(a, o + 28 * st);
        x29.intoArray(a, o + 29 * st);
        x30.intoArray(a, o + 30 * st);
        x31.intoArray(a, o + 31 * st);
    }
}
