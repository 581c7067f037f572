package org.fedpoison.defense;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.fedpoison.aggregate.OrderStatistics;
import org.fedpoison.core.Dataset;
import org.fedpoison.model.InputGradients;
import org.fedpoison.core.Model;
import org.fedpoison.util.FlatVectors;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Post-hoc trigger reconstruction in the manner of Neural Cleanse, on any trained model (for
 * example the global model after a federated run): for every label it searches the smallest
 * patch that sends clean inputs to that label. A backdoored label needs a much smaller patch
 * than the others (the trigger), so its mask norm is an outlier on the small side.
 *
 * <pre>{@code
 * x'(m, p)  = (1 - m) .* x + m .* p,      m = (tanh(a) + 1) / 2,  p = (tanh(b) + 1) / 2   (per pixel)
 * min_{a,b} (1/n) sum_i l(f(x'_i), t) + lambda ||m||_1                                      (for each label t)
 * L_t       = ||m_t||_1 after the optimisation
 * MAD       = 1.4826 * median_t |L_t - median(L)|
 * anomaly_t = (median(L) - L_t) / MAD;   t is flagged if anomaly_t > threshold (2 in the paper)
 * }</pre>
 * The gradients with respect to {@code a} and {@code b} come from the model's input gradient
 * ({@link InputGradients}) by the chain rule; the optimiser is Adam. The optimisation uses the
 * clean inputs whose label is not {@code t}. Only the small side counts (a label with an unusually
 * large mask is not a backdoor).
 *
 * <p>Differences from the paper, stated: {@code lambda} is fixed instead of adjusted during the
 * search, and the number of steps is fixed instead of stopping early.
 *
 * <p>Settings ({@link Options}): {@code steps >= 1}, Adam's {@code learningRate > 0},
 * {@code lambda >= 0}, {@code samples >= 1} clean inputs used (the first ones of the data given),
 * {@code threshold > 0}.
 *
 * <p>Paper: Wang, Yao, Shan, Li, Viswanath, Zheng and Zhao, "Neural Cleanse: Identifying and
 * mitigating backdoor attacks in neural networks" (IEEE S&amp;P 2019), Section IV.
 */
public final class NeuralCleanse {

    /**
     * Settings of the reconstruction.
     *
     * @param steps        Adam steps per label, at least 1
     * @param learningRate Adam's step size, positive and finite
     * @param lambda       weight of the mask's L1 norm, finite and at least 0
     * @param samples      clean inputs used, at least 1
     * @param threshold    anomaly index above which a label is flagged, positive (2 in the paper)
     */
    public record Options(int steps, double learningRate, double lambda, int samples, double threshold) {
        /** Validates every setting (the message names it, its value and the allowed range). */
        public Options {
            if (steps < 1) {
                throw new IllegalArgumentException("steps is " + steps + ", must be >= 1");
            }
            if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
                throw new IllegalArgumentException("learningRate is " + learningRate + ", must be positive and finite");
            }
            if (!(lambda >= 0) || Double.isInfinite(lambda)) {
                throw new IllegalArgumentException("lambda is " + lambda + ", must be finite and >= 0");
            }
            if (samples < 1) {
                throw new IllegalArgumentException("samples is " + samples + ", must be >= 1");
            }
            if (!(threshold > 0) || Double.isInfinite(threshold)) {
                throw new IllegalArgumentException("threshold is " + threshold + ", must be positive and finite");
            }
        }

        /** 200 Adam steps of 0.1, lambda 0.01, 200 clean inputs, threshold 2. */
        public static Options defaults() {
            return new Options(200, 0.1, 0.01, 200, 2.0);
        }
    }

    /**
     * The reconstructed trigger of one label.
     *
     * @param label       the label
     * @param maskL1      {@code ||m||_1}, the size of the patch
     * @param successRate share of the clean non-{@code label} inputs that the patch sends to {@code label}
     * @param mask        the mask m, one value in [0, 1] per input feature
     * @param pattern     the pattern p, one value in [0, 1] per input feature
     */
    public record LabelTrigger(int label, double maskL1, double successRate, double[] mask, double[] pattern) {
        /** Copies the arrays. */
        public LabelTrigger {
            mask = mask.clone();
            pattern = pattern.clone();
        }

        @Override
        public double[] mask() {
            return mask.clone();
        }

        @Override
        public double[] pattern() {
            return pattern.clone();
        }
    }

    /**
     * The outcome: one trigger per label, the anomaly index of each, and the flagged labels.
     *
     * @param triggers     per label, in label order
     * @param anomalyIndex per label, {@code (median(L) - L_t) / MAD} (positive: smaller than typical)
     * @param flagged      the labels whose anomaly index exceeds the threshold, ascending (possibly none)
     */
    public record Result(List<LabelTrigger> triggers, double[] anomalyIndex, int[] flagged) {
        /** Copies the arrays. */
        public Result {
            triggers = List.copyOf(triggers);
            anomalyIndex = anomalyIndex.clone();
            flagged = flagged.clone();
        }

        @Override
        public double[] anomalyIndex() {
            return anomalyIndex.clone();
        }

        @Override
        public int[] flagged() {
            return flagged.clone();
        }

        /** The mask L1 norms per label. */
        public double[] maskNorms() {
            return triggers.stream().mapToDouble(LabelTrigger::maskL1).toArray();
        }
    }

    private final Options options;

    private NeuralCleanse(Options options) {
        if (options == null) {
            throw new IllegalArgumentException("options must not be null");
        }
        this.options = options;
    }

    /** A reconstruction with these settings. */
    public static NeuralCleanse of(Options options) {
        return new NeuralCleanse(options);
    }

    /** A reconstruction with {@link Options#defaults()}. */
    public static NeuralCleanse defaults() {
        return new NeuralCleanse(Options.defaults());
    }

    public Options options() {
        return options;
    }

    /**
     * Reconstructs a trigger for every label of {@code model} at {@code params} from the clean
     * inputs of {@code clean} (the first {@code samples}), and flags the outliers. Deterministic.
     */
    public Result inspect(Model model, INDArray params, Dataset clean) {
        if (clean.dim() != model.inputDim()) {
            throw new IllegalArgumentException("clean data has " + clean.dim() + " features, " + model.name()
                    + " expects " + model.inputDim());
        }
        int n = Math.min(options.samples(), clean.size());
        int[] first = new int[n];
        for (int i = 0; i < n; i++) {
            first[i] = i;
        }
        Dataset sample = clean.subset(first);
        List<LabelTrigger> out = new ArrayList<>();
        for (int t = 0; t < model.numClasses(); t++) {
            out.add(reconstruct(model, params, sample, t));
        }
        double[] norms = out.stream().mapToDouble(LabelTrigger::maskL1).toArray();
        double[] index = anomalyIndex(norms);
        int[] flagged = java.util.stream.IntStream.range(0, index.length).filter(t -> index[t] > options.threshold())
                .toArray();
        return new Result(out, index, flagged);
    }

    /** {@code (median - L_t) / (1.4826 * median |L - median|)}; 0 for every label if the MAD is 0. */
    public static double[] anomalyIndex(double[] norms) {
        double med = OrderStatistics.median(norms);
        double[] dev = new double[norms.length];
        for (int i = 0; i < norms.length; i++) {
            dev[i] = Math.abs(norms[i] - med);
        }
        double mad = 1.4826 * OrderStatistics.median(dev);
        double[] index = new double[norms.length];
        for (int i = 0; i < norms.length; i++) {
            index[i] = mad == 0 ? 0 : (med - norms[i]) / mad;
        }
        return index;
    }


    private LabelTrigger reconstruct(Model model, INDArray params, Dataset sample, int t) {
        int[] keep = java.util.stream.IntStream.range(0, sample.size()).filter(i -> sample.label(i) != t).toArray();
        Dataset others = sample.subset(keep);
        int n = others.size();
        int d = others.dim();
        float[] x = FlatVectors.toArray(others.features());
        int[] labels = new int[n];
        Arrays.fill(labels, t);
        double[] a = new double[d];
        double[] b = new double[d];
        Arrays.fill(a, -1.0); // mask starts near 0.12 everywhere, pattern at 0.5
        double[][] adam = new double[4][d];
        double beta1 = 0.9;
        double beta2 = 0.999;
        double lr = options.learningRate();
        float[] xp = new float[n * d];
        double[] m = new double[d];
        double[] p = new double[d];
        for (int step = 1; step <= options.steps(); step++) {
            for (int j = 0; j < d; j++) {
                m[j] = (Math.tanh(a[j]) + 1) / 2;
                p[j] = (Math.tanh(b[j]) + 1) / 2;
            }
            blend(x, m, p, n, d, xp);
            float[] g;
            // freed at once: this loop runs steps x labels times, and the collector would otherwise
            // let the native memory of every step's arrays pile up between collections
            try (INDArray in = Nd4j.create(xp, new long[] {n, d}, 'c');
                 INDArray grad = InputGradients.of(model, params, in, labels)) {
                g = FlatVectors.toArray(grad);
            }
            double c1 = 1 - Math.pow(beta1, step);
            double c2 = 1 - Math.pow(beta2, step);
            for (int j = 0; j < d; j++) {
                double gm = 0;
                double gp = 0;
                for (int i = 0; i < n; i++) {
                    double gi = g[i * d + j];
                    gm += gi * (p[j] - x[i * d + j]);
                    gp += gi * m[j];
                }
                gm = gm / n + options.lambda();
                gp = gp / n;
                double ga = gm * (1 - Math.tanh(a[j]) * Math.tanh(a[j])) / 2;
                double gb = gp * (1 - Math.tanh(b[j]) * Math.tanh(b[j])) / 2;
                adam[0][j] = beta1 * adam[0][j] + (1 - beta1) * ga;
                adam[1][j] = beta2 * adam[1][j] + (1 - beta2) * ga * ga;
                adam[2][j] = beta1 * adam[2][j] + (1 - beta1) * gb;
                adam[3][j] = beta2 * adam[3][j] + (1 - beta2) * gb * gb;
                a[j] -= lr * (adam[0][j] / c1) / (Math.sqrt(adam[1][j] / c2) + 1e-8);
                b[j] -= lr * (adam[2][j] / c1) / (Math.sqrt(adam[3][j] / c2) + 1e-8);
            }
        }
        double l1 = 0;
        for (int j = 0; j < d; j++) {
            m[j] = (Math.tanh(a[j]) + 1) / 2;
            p[j] = (Math.tanh(b[j]) + 1) / 2;
            l1 += m[j];
        }
        blend(x, m, p, n, d, xp);
        int[] pred = model.predict(params, Nd4j.create(xp, new long[] {n, d}, 'c'));
        long hits = Arrays.stream(pred).filter(y -> y == t).count();
        return new LabelTrigger(t, l1, n == 0 ? Double.NaN : (double) hits / n, m, p);
    }

    private static void blend(float[] x, double[] m, double[] p, int n, int d, float[] out) {
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                out[i * d + j] = (float) ((1 - m[j]) * x[i * d + j] + m[j] * p[j]);
            }
        }
    }
}
