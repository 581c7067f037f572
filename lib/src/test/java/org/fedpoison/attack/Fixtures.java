package org.fedpoison.attack;

import java.util.ArrayList;
import java.util.List;
import org.fedpoison.core.ClientUpdate;
import org.fedpoison.core.Dataset;
import org.fedpoison.core.Model;
import org.fedpoison.core.RoundContext;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Small hand-checkable fixtures shared by the attack tests. */
public final class Fixtures {
    private Fixtures() {}

    /** n examples of a 3x3 "image" whose pixel i of example k is (k * 9 + i) / 100, labels k mod classes. */
    public static Dataset images3x3(int n, int classes) {
        float[] f = new float[n * 9];
        int[] y = new int[n];
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < 9; i++) {
                f[k * 9 + i] = (k * 9 + i) / 100f;
            }
            y[k] = k % classes;
        }
        return new Dataset(Nd4j.create(f, new long[] {n, 9}, 'c'), y, classes, new int[] {3, 3}, null);
    }

    /** A double row vector. */
    public static INDArray vec(double... v) {
        return Nd4j.createFromArray(v).reshape(1, v.length);
    }

    /** A context for round r with the given global, peers and client count. */
    public static RoundContext ctx(int round, INDArray global, long seed, int numClients, List<ClientUpdate> peers) {
        return new RoundContext(round, global, null, seed, numClients, peers);
    }

    /** FedAvg's arithmetic written out for the tests: sum_k alpha_k delta_k. */
    public static INDArray weightedMean(List<ClientUpdate> ups, boolean sampleWeighted) {
        double total = 0;
        for (ClientUpdate u : ups) {
            total += sampleWeighted ? u.numExamples() : 1;
        }
        INDArray sum = Nd4j.zeros(DataType.DOUBLE, ups.get(0).delta().shape());
        for (ClientUpdate u : ups) {
            sum.addi(u.delta().castTo(DataType.DOUBLE).mul((sampleWeighted ? u.numExamples() : 1) / total));
        }
        return sum;
    }

    public static List<ClientUpdate> concat(List<ClientUpdate> a, ClientUpdate b) {
        List<ClientUpdate> out = new ArrayList<>(a);
        out.add(b);
        return out;
    }

    /**
     * A fake linear model for client tests: params are a [d, C] weight matrix flattened; logits = X W;
     * train adds lr * X^T onehot(y) / n once per epoch (a Hebbian step, deterministic, data dependent).
     */
    public static final class HebbianModel implements Model {
        private final int d;
        private final int c;

        HebbianModel(int d, int c) {
            this.d = d;
            this.c = c;
        }

        @Override
        public int numParams() {
            return d * c;
        }

        @Override
        public int inputDim() {
            return d;
        }

        @Override
        public int numClasses() {
            return c;
        }

        @Override
        public INDArray init(long seed) {
            return Nd4j.zeros(DataType.FLOAT, 1, d * c);
        }

        @Override
        public INDArray train(INDArray params, Dataset data, org.fedpoison.core.TrainConfig config, long seed) {
            INDArray onehot = Nd4j.zeros(DataType.FLOAT, data.size(), c);
            for (int i = 0; i < data.size(); i++) {
                onehot.putScalar(i, data.label(i), 1f);
            }
            INDArray step = data.features().transpose().mmul(onehot).muli(config.learningRate() / data.size());
            INDArray w = params.dup();
            for (int e = 0; e < config.epochs(); e++) {
                w.addi(step.reshape('c', 1, d * c).castTo(w.dataType()));
            }
            return w;
        }

        @Override
        public INDArray logits(INDArray params, INDArray features) {
            return features.mmul(params.reshape('c', d, c).castTo(features.dataType()));
        }

        @Override
        public int[] predict(INDArray params, INDArray features) {
            return logits(params, features).argMax(1).toIntVector();
        }

        @Override
        public org.fedpoison.core.Evaluation evaluate(INDArray params, Dataset data) {
            int[] p = predict(params, data.features());
            int ok = 0;
            for (int i = 0; i < p.length; i++) {
                ok += p[i] == data.label(i) ? 1 : 0;
            }
            return new org.fedpoison.core.Evaluation((double) ok / p.length, Double.NaN, new double[c]);
        }

        @Override
        public String name() {
            return "hebbian";
        }
    }
}
