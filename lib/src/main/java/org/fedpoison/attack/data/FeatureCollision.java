package org.fedpoison.attack.data;

import org.fedpoison.attack.Picks;
import org.fedpoison.core.DataPoisoning;
import org.fedpoison.core.Dataset;
import org.fedpoison.model.Mlp;
import org.fedpoison.util.FlatVectors;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Clean-label poisoning by feature collision (Shafahi et al., 2018): each poison starts from a
 * base image of the base class and is optimised to sit next to a chosen target image in the
 * MLP's hidden-layer features while staying close to the base in input space. Its label stays
 * the base's true label, so every poison passes a label audit; a model trained on them learns to
 * put the target's feature neighbourhood in the base class, and misclassifies the target.
 *
 * <pre>{@code
 * p = argmin_x ||f(x) - f(t)||^2 + beta ||x - b||^2,     f(x) = relu(x W1 + b1)
 * forward step:   x^ = x - lr * grad_x ||f(x) - f(t)||^2 = x - lr * 2 W1 ((f(x) - f(t)) .* [x W1 + b1 > 0])
 * backward step:  x  = (x^ + lr * beta * b) / (1 + lr * beta)     (proximal step of beta ||x - b||^2)
 * then x is clipped to [lo, hi] (the valid pixel range)
 * }</pre>
 * {@code f} is the hidden layer of an {@link Mlp} at the parameters the attacker knows (e.g. the
 * global model of some round); the parameter layout read here is {@link Mlp}'s documented flat
 * C-order layout {@code [W1 (d x h), b1 (h), W2 (h x c), b2 (c)]}. With {@code opacity > 0} the
 * optimisation starts from the watermarked base {@code (1 - opacity) b + opacity t} and the
 * backward step pulls toward it (Shafahi et al.'s watermarking, needed when the whole network is
 * trained, not only its last layer).
 *
 * <p>As {@link DataPoisoning}: {@code numPoisons} base-class examples of the client's data are
 * chosen with the seed, optimised, and appended with their true (base) labels.
 *
 * <p>Measured here (digits, MLP 64-32-10 trained centrally to 96%, target a test "4", base class
 * 9): when the victim retrains only its last layer on the hidden features
 * ({@link #featureDataset}, the transfer-learning setting of the paper), 120 poisons with
 * {@code beta = 3} turn the target into a 9 for at least 4 of 5 targets (see the test); with 10 to
 * 20 poisons, none. When the whole network is fine-tuned instead, the target flipped in only 2 of
 * 12 runs: as Shafahi et al. report, end-to-end training needs watermarking and many poisons.
 *
 * <p>Settings: {@code model} and {@code featureParams} (not modified); {@code target} the
 * target image (a row of d features); {@code baseClass}; {@code numPoisons >= 1};
 * {@code beta >= 0}; {@code learningRate > 0}; {@code iterations >= 1};
 * {@code opacity} in [0, 1); pixel range [0, 1].
 *
 * <p>Paper: Shafahi, Huang, Najibi, Suciu, Studer, Dumitras and Goldstein, "Poison frogs!
 * Targeted clean-label poisoning attacks on neural networks" (NeurIPS 2018), Algorithm 1.
 */
public final class FeatureCollision implements DataPoisoning {
    private final int d;
    private final int h;
    private final double[] w1;   // d x h, row-major
    private final double[] b1;
    private final double[] target;
    private final double[] targetFeatures;
    private final int baseClass;
    private final int numPoisons;
    private final double beta;
    private final double learningRate;
    private final int iterations;
    private final double opacity;

    /**
     * @param model         the MLP whose hidden layer is the feature space
     * @param featureParams its parameters as the attacker knows them
     * @param target        the target image, d features
     * @param baseClass     the class the target should be put in (the poisons' true class)
     * @param numPoisons    how many poisons each client appends
     * @param beta          weight of the input-space closeness {@code beta ||x - b||^2}
     * @param learningRate  step size of the forward step
     * @param iterations    number of forward-backward steps
     * @param opacity       watermark opacity in [0, 1): share of the target blended into the base
     */
    public static FeatureCollision of(Mlp model, INDArray featureParams, INDArray target, int baseClass, int numPoisons,
                            double beta, double learningRate, int iterations, double opacity) {
        return new FeatureCollision(model, featureParams, target, baseClass, numPoisons, beta, learningRate, iterations, opacity);
    }

    /**
     * A builder with named settings, for example
     * {@code FeatureCollision.builder(model, seen, target, 9).maxPoisons(50).beta(0.5).stepSize(0.01)
     * .steps(300).watermark(0.3).build()}. Defaults: 50 poisons, {@code beta = 0.5}, step size 0.01,
     * 300 steps, watermark opacity 0.3 (the settings of notebook 02). Settings are validated by
     * {@link Builder#build()}.
     *
     * @param model         the MLP whose hidden layer is the feature space
     * @param featureParams its parameters as the attacker knows them (not modified)
     * @param target        the target image, d features
     * @param baseClass     the class the target should be put in (the poisons' true class)
     */
    public static Builder builder(Mlp model, INDArray featureParams, INDArray target, int baseClass) {
        return new Builder(model, featureParams, target, baseClass);
    }

    /** Named settings of a {@link FeatureCollision}; see {@link #builder}. */
    public static final class Builder {
        private final Mlp model;
        private final INDArray featureParams;
        private final INDArray target;
        private final int baseClass;
        private int maxPoisons = 50;
        private double beta = 0.5;
        private double stepSize = 0.01;
        private int steps = 300;
        private double watermark = 0.3;

        private Builder(Mlp model, INDArray featureParams, INDArray target, int baseClass) {
            this.model = model;
            this.featureParams = featureParams;
            this.target = target;
            this.baseClass = baseClass;
        }

        /** At most this many poisons per client (a client can only use the base-class examples it has), >= 1. */
        public Builder maxPoisons(int n) {
            this.maxPoisons = n;
            return this;
        }

        /** Weight of staying close to the base image, {@code beta ||x - b||^2}, >= 0. */
        public Builder beta(double beta) {
            this.beta = beta;
            return this;
        }

        /** Step size of the forward (feature-matching) step, > 0. */
        public Builder stepSize(double lr) {
            this.stepSize = lr;
            return this;
        }

        /** Number of forward-backward steps, >= 1. */
        public Builder steps(int n) {
            this.steps = n;
            return this;
        }

        /** Watermark opacity in [0, 1): each poison starts from {@code (1 - o) b + o t}. */
        public Builder watermark(double opacity) {
            this.watermark = opacity;
            return this;
        }

        /** The attack; throws {@link IllegalArgumentException} naming a setting out of range. */
        public FeatureCollision build() {
            return new FeatureCollision(model, featureParams, target, baseClass, maxPoisons, beta, stepSize, steps, watermark);
        }
    }

    private FeatureCollision(Mlp model, INDArray featureParams, INDArray target, int baseClass, int numPoisons,
                            double beta, double learningRate, int iterations, double opacity) {
        if (model == null) {
            throw new IllegalArgumentException("model must not be null");
        }
        if (featureParams == null || featureParams.length() != model.numParams()) {
            throw new IllegalArgumentException("featureParams has " + (featureParams == null ? "no" : featureParams.length())
                    + " entries, " + model.name() + " needs " + model.numParams());
        }
        if (target == null || target.length() != model.inputDim()) {
            throw new IllegalArgumentException("target has " + (target == null ? "no" : target.length())
                    + " features, the model takes " + model.inputDim());
        }
        if (baseClass < 0 || baseClass >= model.numClasses()) {
            throw new IllegalArgumentException("baseClass is " + baseClass + ", must be in [0, " + model.numClasses() + ")");
        }
        if (numPoisons < 1) {
            throw new IllegalArgumentException("numPoisons is " + numPoisons + ", must be >= 1");
        }
        if (!(beta >= 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("beta is " + beta + ", must be >= 0 and finite");
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate is " + learningRate + ", must be positive and finite");
        }
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations is " + iterations + ", must be >= 1");
        }
        if (!(opacity >= 0 && opacity < 1)) {
            throw new IllegalArgumentException("opacity is " + opacity + ", must be in [0, 1)");
        }
        this.d = model.inputDim();
        this.h = model.hidden();
        double[] p = featureParams.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).reshape(-1).toDoubleVector();
        this.w1 = java.util.Arrays.copyOfRange(p, 0, d * h);
        this.b1 = java.util.Arrays.copyOfRange(p, d * h, d * h + h);
        this.target = target.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).reshape(-1).toDoubleVector();
        this.targetFeatures = features(this.target);
        this.baseClass = baseClass;
        this.numPoisons = numPoisons;
        this.beta = beta;
        this.learningRate = learningRate;
        this.iterations = iterations;
        this.opacity = opacity;
    }

    /** The hidden-layer features {@code relu(x W1 + b1)} of one input. */
    public double[] features(double[] x) {
        double[] z = preActivation(x);
        for (int j = 0; j < h; j++) {
            z[j] = Math.max(0, z[j]);
        }
        return z;
    }

    private double[] preActivation(double[] x) {
        double[] z = b1.clone();
        for (int i = 0; i < d; i++) {
            double xi = x[i];
            if (xi != 0) {
                int row = i * h;
                for (int j = 0; j < h; j++) {
                    z[j] += xi * w1[row + j];
                }
            }
        }
        return z;
    }

    /**
     * The same examples mapped to their hidden-layer features {@code relu(x W1 + b1)} (labels kept):
     * the input of a victim that retrains only the last layer (the transfer-learning setting of
     * Shafahi et al.), e.g. with a {@code SoftmaxRegression(hidden, classes)}.
     */
    public Dataset featureDataset(Dataset data) {
        if (data.dim() != d) {
            throw new IllegalArgumentException("data has " + data.dim() + " features, the model takes " + d);
        }
        float[] x = FlatVectors.toArray(data.features());
        float[] out = new float[data.size() * h];
        double[] row = new double[d];
        for (int i = 0; i < data.size(); i++) {
            for (int j = 0; j < d; j++) {
                row[j] = x[i * d + j];
            }
            double[] f = features(row);
            for (int j = 0; j < h; j++) {
                out[i * h + j] = (float) f[j];
            }
        }
        return new Dataset(Nd4j.create(out, new long[] {data.size(), h}, 'c'), data.labels(), data.numClasses(), null,
                data.classNames());
    }

    /** {@code ||f(x) - f(t)||_2}: how close an input is to the target in feature space. */
    public double featureDistance(double[] x) {
        double[] f = features(x);
        double s = 0;
        for (int j = 0; j < h; j++) {
            double r = f[j] - targetFeatures[j];
            s += r * r;
        }
        return Math.sqrt(s);
    }

    /** Optimises one poison from base image {@code base} (d features; not modified). */
    public double[] craft(double[] base) {
        if (base.length != d) {
            throw new IllegalArgumentException("base has " + base.length + " features, the model takes " + d);
        }
        double[] anchor = new double[d];
        for (int i = 0; i < d; i++) {
            anchor[i] = (1 - opacity) * base[i] + opacity * target[i];
        }
        double[] x = anchor.clone();
        double[] grad = new double[d];
        for (int it = 0; it < iterations; it++) {
            double[] z = preActivation(x);
            java.util.Arrays.fill(grad, 0);
            double[] r = new double[h];
            for (int j = 0; j < h; j++) {
                r[j] = z[j] > 0 ? 2 * (z[j] - targetFeatures[j]) : 0;
            }
            for (int i = 0; i < d; i++) {
                int row = i * h;
                double g = 0;
                for (int j = 0; j < h; j++) {
                    g += w1[row + j] * r[j];
                }
                grad[i] = g;
            }
            for (int i = 0; i < d; i++) {
                double forward = x[i] - learningRate * grad[i];
                double v = (forward + learningRate * beta * anchor[i]) / (1 + learningRate * beta);
                x[i] = Math.min(1, Math.max(0, v));
            }
        }
        return x;
    }

    public int baseClass() {
        return baseClass;
    }

    /** The target image (a copy). */
    public double[] target() {
        return target.clone();
    }

    /** The base examples a client with data {@code clean} would use under this seed (ascending indices). */
    public int[] baseIndices(Dataset clean, long seed) {
        Picks.checkClass("baseClass", baseClass, clean.numClasses());
        int[] pool = Picks.withLabel(clean.labels(), baseClass);
        if (pool.length == 0) {
            throw new IllegalArgumentException("the local data has no example of baseClass " + baseClass);
        }
        return Picks.choose(pool, Math.min(numPoisons, pool.length), seed);
    }

    /** The poisons alone (labelled with their base class), crafted from the chosen bases of {@code clean}. */
    public Dataset poisons(Dataset clean, long seed) {
        if (clean.dim() != d) {
            throw new IllegalArgumentException("data has " + clean.dim() + " features, the model takes " + d);
        }
        int[] bases = baseIndices(clean, seed);
        Dataset chosen = clean.subset(bases);
        float[] out = new float[bases.length * d];
        for (int k = 0; k < bases.length; k++) {
            double[] b = chosen.features().getRow(k).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).toDoubleVector();
            double[] p = craft(b);
            for (int i = 0; i < d; i++) {
                out[k * d + i] = (float) p[i];
            }
        }
        return chosen.withFeatures(Nd4j.create(out, new long[] {bases.length, d}, 'c'));
    }

    @Override
    public Dataset poison(Dataset clean, int clientId, long seed) {
        return clean.concat(poisons(clean, seed));
    }

    @Override
    public String name() {
        return "FeatureCollision(base " + baseClass + ", " + numPoisons + " poisons)";
    }

    @Override
    public String toString() {
        return name();
    }
}
