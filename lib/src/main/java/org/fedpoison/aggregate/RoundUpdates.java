package org.fedpoison.aggregate;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.fedpoison.core.ClientUpdate;
import org.fedpoison.util.Parallel;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One round's client updates as a rule reads them: validated (at least one, none null, one
 * dimension, floating point; finite values checked by the first pass that reads them all, the
 * message naming the rule and the client) and in canonical order (ascending client id; equal ids
 * by content), with direct read access to their values. Holds references to (never copies of)
 * contiguous deltas; a delta that is not a contiguous C-order vector is copied once.
 */
public final class RoundUpdates {
    final String rule;
    final int k;
    final int d;
    final DataType outType;
    final long[] shape;
    final int[] ids;
    final long[] examples;
    final INDArray[] arrays;
    final FloatBuffer[] floats;
    final DoubleBuffer[] doubles;
    /** The raw bits of the FLOAT (int) and DOUBLE (long) deltas, for cheap finiteness checks. */
    final IntBuffer[] floatBits;
    final LongBuffer[] doubleBits;
    /** Set once every value is known to be finite. */
    private volatile boolean finite;
    final int[] offsets;
    /** For each canonical position, the update's index in the list given to {@link #of}. */
    int[] listIndex;

    private RoundUpdates(String rule, int[] ids, long[] examples, INDArray[] arrays) {
        this.rule = rule;
        this.k = arrays.length;
        this.ids = ids;
        this.examples = examples;
        this.arrays = arrays;
        this.shape = arrays[0].shape().clone();
        this.d = (int) arrays[0].length();
        boolean allFloat = true;
        for (INDArray a : arrays) {
            allFloat &= a.dataType() == DataType.FLOAT;
        }
        this.outType = allFloat ? DataType.FLOAT : DataType.DOUBLE;
        this.floats = new FloatBuffer[k];
        this.doubles = new DoubleBuffer[k];
        this.floatBits = new IntBuffer[k];
        this.doubleBits = new LongBuffer[k];
        this.offsets = new int[k];
        for (int i = 0; i < k; i++) {
            ByteBuffer bb = arrays[i].data().asNio().order(ByteOrder.nativeOrder());
            offsets[i] = Math.toIntExact(arrays[i].offset());
            if (arrays[i].dataType() == DataType.FLOAT) {
                floats[i] = bb.asFloatBuffer();
                floatBits[i] = bb.asIntBuffer();
            } else {
                doubles[i] = bb.asDoubleBuffer();
                doubleBits[i] = bb.asLongBuffer();
            }
        }
    }

    /**
     * Validates a round's updates for {@code rule} and puts them in canonical order. Finite
     * values are checked by the first pass that reads every value (or by any method of this
     * class that needs them finite).
     *
     * @param updates the round's updates
     * @param rule    the rule's name, for error messages
     * @return the validated batch
     * @throws IllegalArgumentException if the list is null or empty, an update is null, the
     *     deltas differ in length, a delta is not floating point or holds a NaN or infinity
     *     (the message names the rule and the client)
     */
    public static RoundUpdates of(List<ClientUpdate> updates, String rule) {
        if (updates == null || updates.isEmpty()) {
            throw new IllegalArgumentException(rule + ": needs at least 1 client update, got "
                    + (updates == null ? "null" : "0"));
        }
        List<ClientUpdate> list = new ArrayList<>(updates.size());
        for (int i = 0; i < updates.size(); i++) {
            ClientUpdate u = updates.get(i);
            if (u == null) {
                throw new IllegalArgumentException(rule + ": update at position " + i + " is null");
            }
            list.add(u);
        }
        int k = list.size();
        INDArray[] arrays = new INDArray[k];
        // the dimension most clients sent (ties: the one sent first), so that the odd client is the one named
        java.util.Map<Long, Integer> counts = new java.util.LinkedHashMap<>();
        for (ClientUpdate u : list) {
            counts.merge(u.delta().length(), 1, Integer::sum);
        }
        long d = list.get(0).delta().length();
        int most = 0;
        for (java.util.Map.Entry<Long, Integer> e : counts.entrySet()) {
            if (e.getValue() > most) {
                most = e.getValue();
                d = e.getKey();
            }
        }
        for (ClientUpdate u : list) {
            if (u.delta().length() != d) {
                throw new IllegalArgumentException(rule + ": client " + u.clientId() + " sent a delta of "
                        + u.delta().length() + " values but " + most + " of the " + k + " clients sent " + d
                        + "; all deltas must have the same dimension");
            }
        }
        if (d == 0) {
            throw new IllegalArgumentException(rule + ": client " + list.get(0).clientId()
                    + " sent an empty delta; deltas must have at least 1 value");
        }
        if (d > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(rule + ": deltas have " + d + " values, at most "
                    + (Integer.MAX_VALUE - 8) + " are supported");
        }
        List<INDArray> readable = new ArrayList<>(k);
        for (ClientUpdate u : list) {
            readable.add(readable(u.delta(), u.clientId(), rule));
        }
        Integer[] order = new Integer[k];
        for (int i = 0; i < k; i++) {
            order[i] = i;
        }
        // canonical order: by client id, equal ids by content
        RoundUpdates unsorted = new RoundUpdates(rule, list.stream().mapToInt(ClientUpdate::clientId).toArray(),
                list.stream().mapToLong(ClientUpdate::numExamples).toArray(), readable.toArray(new INDArray[0]));
        Arrays.sort(order, Comparator.<Integer>comparingInt(i -> unsorted.ids[i])
                .thenComparing((a, b) -> unsorted.compareContent(a, b)));
        int[] ids = new int[k];
        long[] ex = new long[k];
        for (int i = 0; i < k; i++) {
            ids[i] = unsorted.ids[order[i]];
            ex[i] = unsorted.examples[order[i]];
            arrays[i] = unsorted.arrays[order[i]];
        }
        RoundUpdates batch = new RoundUpdates(rule, ids, ex, arrays);
        batch.listIndex = new int[k];
        for (int i = 0; i < k; i++) {
            batch.listIndex[i] = order[i];
        }
        return batch; // values are checked for finiteness by the first pass that reads them
    }

    /** A batch over arrays the caller guarantees valid (same length, finite), already in order. */
    static RoundUpdates ofTrusted(String rule, int[] ids, INDArray[] arrays) {
        INDArray[] readable = new INDArray[arrays.length];
        for (int i = 0; i < arrays.length; i++) {
            readable[i] = readable(arrays[i], ids[i], rule);
        }
        RoundUpdates batch = new RoundUpdates(rule, ids.clone(), new long[arrays.length], readable);
        batch.listIndex = KrumScoring.range(arrays.length);
        batch.finite = true;
        return batch;
    }

    private static INDArray readable(INDArray delta, int clientId, String rule) {
        DataType t = delta.dataType();
        INDArray a = delta;
        if (t != DataType.FLOAT && t != DataType.DOUBLE) {
            if (!t.isFPType()) {
                throw new IllegalArgumentException(rule + ": client " + clientId + " sent a delta of type "
                        + t + "; deltas must be floating point (FLOAT or DOUBLE)");
            }
            a = delta.castTo(DataType.FLOAT);
        }
        boolean contiguous = (a.ordering() == 'c' && a.elementWiseStride() == 1)
                || (a.isVector() && a.elementWiseStride() == 1);
        if (!contiguous) {
            a = a.dup('c');
        }
        return a;
    }

    /** The number of updates K. */
    public int size() {
        return k;
    }

    /** The dimension d of every delta. */
    public int dimension() {
        return d;
    }

    /** The client id of the update at canonical position {@code i}. */
    public int clientId(int i) {
        return ids[i];
    }

    /** The index in the caller's list of the update at canonical position {@code i}. */
    public int listIndex(int i) {
        return listIndex[i];
    }

    /** The example count the update at canonical position {@code i} reported. */
    public long numExamples(int i) {
        return examples[i];
    }

    /** The dtype results are returned in. */
    public DataType outputType() {
        return outType;
    }

    /** The delta at canonical position {@code i} (the caller's array or a contiguous copy; read only). */
    public INDArray delta(int i) {
        return arrays[i];
    }

    /** Reads values {@code [from, from+len)} of update {@code i} into {@code dst[off..]} as doubles. */
    void read(int i, int from, int len, double[] dst, int off, float[] tmp) {
        if (floats[i] != null) {
            floats[i].get(offsets[i] + from, tmp, 0, len);
            for (int j = 0; j < len; j++) {
                dst[off + j] = tmp[j];
            }
        } else {
            doubles[i].get(offsets[i] + from, dst, off, len);
        }
    }

    /** Value {@code j} of update {@code i}. */
    double value(int i, int j) {
        return floats[i] != null ? floats[i].get(offsets[i] + j) : doubles[i].get(offsets[i] + j);
    }

    /** Lexicographic comparison of the values of updates {@code a} and {@code b}. */
    int compareContent(int a, int b) {
        if (a == b) {
            return 0;
        }
        int block = 4096;
        double[] x = new double[block];
        double[] y = new double[block];
        float[] tmp = new float[block];
        for (int from = 0; from < d; from += block) {
            int len = Math.min(block, d - from);
            read(a, from, len, x, 0, tmp);
            read(b, from, len, y, 0, tmp);
            for (int j = 0; j < len; j++) {
                int c = Double.compare(x[j], y[j]);
                if (c != 0) {
                    return c;
                }
            }
        }
        return 0;
    }

    /** The values of update {@code i} as a new double array. */
    double[] toDoubles(int i) {
        double[] out = new double[d];
        float[] tmp = new float[Math.min(d, 4096)];
        for (int from = 0; from < d; from += 4096) {
            int len = Math.min(4096, d - from);
            read(i, from, len, out, from, tmp);
        }
        return out;
    }

    /** Marks every value as checked finite (a pass that read all values found no NaN or infinity). */
    void markFinite() {
        finite = true;
    }

    /**
     * Checks every value for NaN and infinity unless that is already known.
     *
     * @throws IllegalArgumentException naming the rule, the first such client (canonical order)
     *     and the index of the value
     */
    void ensureFinite() {
        if (finite) {
            return;
        }
        int[] badIndex = new int[k];
        Arrays.fill(badIndex, -1);
        Parallel.current().forRanges(k, (long) k * d, (lo, hi) -> {
            int block = 8192;
            int[] ib = new int[block];
            long[] lb = new long[block];
            for (int i = lo; i < hi; i++) {
                for (int from = 0; from < d && badIndex[i] < 0; from += block) {
                    int len = Math.min(block, d - from);
                    int at = floatBits[i] != null
                            ? firstNonFinite(floatBits[i], offsets[i] + from, len, ib)
                            : firstNonFinite(doubleBits[i], offsets[i] + from, len, lb);
                    if (at >= 0) {
                        badIndex[i] = from + at;
                    }
                }
            }
        });
        for (int i = 0; i < k; i++) {
            if (badIndex[i] >= 0) {
                throw new IllegalArgumentException(rule + ": client " + ids[i] + " sent a non-finite value ("
                        + value(i, badIndex[i]) + " at index " + badIndex[i]
                        + "); every value of a delta must be finite");
            }
        }
        finite = true;
    }

    /** A new array of the output dtype and shape holding {@code values}. */
    INDArray toArray(double[] values) {
        INDArray out;
        if (outType == DataType.FLOAT) {
            float[] f = new float[values.length];
            for (int j = 0; j < f.length; j++) {
                f[j] = (float) values[j];
            }
            out = Nd4j.createFromArray(f);
        } else {
            out = Nd4j.createFromArray(values);
        }
        return out.reshape(shape);
    }

    /** A new array (output dtype and shape) equal to update {@code i}. */
    INDArray copyOf(int i) {
        return arrays[i].castTo(outType).dup('c').reshape(shape);
    }

    /** Throws unless the batch has at least {@code needed} updates. */
    void require(int needed, String condition) {
        if (k < needed) {
            throw new IllegalArgumentException(rule + ": needs " + condition + " (at least " + needed
                    + " clients), got n=" + k);
        }
    }

    /** Copies {@code len} float bit patterns from {@code bits[at..]} into {@code dst}; the first non-finite position or -1. */
    static int firstNonFinite(IntBuffer bits, int at, int len, int[] dst) {
        bits.get(at, dst, 0, len);
        return firstNonFinite(dst, len);
    }

    /** The first index in {@code bits[0, len)} holding a float NaN or infinity (exponent all ones), or -1. */
    static int firstNonFinite(int[] bits, int len) {
        int min = Integer.MAX_VALUE;
        for (int j = 0; j < len; j++) {
            min = Math.min(min, ~bits[j] & 0x7F800000); // 0 iff the exponent bits are all ones
        }
        if (min != 0) {
            return -1;
        }
        for (int j = 0; j < len; j++) {
            if ((~bits[j] & 0x7F800000) == 0) {
                return j;
            }
        }
        return -1;
    }

    /** As {@link #firstNonFinite(IntBuffer, int, int, int[])} for double bit patterns. */
    static int firstNonFinite(LongBuffer bits, int at, int len, long[] dst) {
        bits.get(at, dst, 0, len);
        for (int j = 0; j < len; j++) {
            if ((~dst[j] & 0x7FF0000000000000L) == 0) {
                return j;
            }
        }
        return -1;
    }
}
