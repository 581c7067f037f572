package org.fedpoison.aggregate;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.fedpoison.core.ClientUpdate;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Small helpers to build client updates for the aggregator tests. */
final class Fixtures {
    private Fixtures() {}

    /** Updates with ids 0, 1, ... holding the given rows as FLOAT deltas. */
    static List<ClientUpdate> floats(double[]... rows) {
        return updates(DataType.FLOAT, rows);
    }

    /** Updates with ids 0, 1, ... holding the given rows as DOUBLE deltas. */
    static List<ClientUpdate> doubles(double[]... rows) {
        return updates(DataType.DOUBLE, rows);
    }

    static List<ClientUpdate> updates(DataType type, double[]... rows) {
        List<ClientUpdate> out = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            out.add(new ClientUpdate(i, Nd4j.createFromArray(rows[i]).castTo(type), 10));
        }
        return out;
    }

    /** {@code k} rows of {@code d} standard normal values, seeded. */
    static double[][] gaussian(long seed, int k, int d) {
        Random r = new Random(seed);
        double[][] x = new double[k][d];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < d; j++) {
                x[i][j] = r.nextGaussian();
            }
        }
        return x;
    }

    static double[] values(INDArray a) {
        return a.castTo(DataType.DOUBLE).reshape(a.length()).toDoubleVector();
    }

    static double[] row(double... v) {
        return v;
    }
}
