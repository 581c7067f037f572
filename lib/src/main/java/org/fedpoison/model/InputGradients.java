package org.fedpoison.model;

import org.fedpoison.core.Model;
import org.fedpoison.util.FlatVectors;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The gradient of each example's cross-entropy with respect to its input,
 * {@code row i = d l(x_i, y_i) / d x_i} with {@code l = -log softmax(f(x))_y}, for any {@link Model}:
 * <ul>
 *   <li>a {@link Differentiable} model computes it itself (backpropagation);</li>
 *   <li>{@link Mlp} and {@link SoftmaxRegression} from their documented layouts, in closed form:
 *       {@code e = softmax(z) - onehot(y)}, then {@code dx = e W^T} for softmax regression and
 *       {@code dx = ((e W2^T) .* [x W1 + b1 > 0]) W1^T} for the MLP;</li>
 *   <li>any other model by central differences of the loss, {@code (l(x + h e_j) - l(x - h e_j)) / 2h}
 *       with {@code h = 1e-2} (two evaluations of the logits per input coordinate).</li>
 * </ul>
 * Inputs are not modified; the result is a new {@code [n, inputDim]} float32 array.
 */
public final class InputGradients {
    private InputGradients() {}

    /** {@code d l(x_i, y_i) / d x_i} for every row of {@code features}. */
    public static INDArray of(Model model, INDArray params, INDArray features, int[] labels) {
        if (labels.length != features.rows()) {
            throw new IllegalArgumentException("labels has " + labels.length + " entries, features has " + features.rows() + " rows");
        }
        if (model instanceof Differentiable dm) {
            return dm.inputGradient(params, features, labels);
        }
        INDArray x = features.castTo(DataType.FLOAT);
        if (model instanceof Mlp mlp) {
            int d = mlp.inputDim();
            int h = mlp.hidden();
            int c = mlp.numClasses();
            INDArray p = params.castTo(DataType.FLOAT).reshape(params.length());
            INDArray w1 = p.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, d * h)).reshape('c', d, h);
            INDArray b1 = p.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(d * h, d * h + h)).reshape(1, h);
            int o2 = d * h + h;
            INDArray w2 = p.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(o2, o2 + h * c)).reshape('c', h, c);
            // the intermediates are freed here, not when the collector gets to them: a caller that
            // asks for input gradients in a loop (NeuralCleanse, FGSM-style poisons) otherwise leaves
            // their native memory to pile up in malloc's arenas between collections
            try (INDArray pre = x.mmul(w1).addiRowVector(b1);
                 INDArray e = softmaxMinusOneHot(model.logits(params, features), labels);
                 INDArray active = pre.gt(0);
                 INDArray activeF = active.castTo(DataType.FLOAT);
                 INDArray dh = e.mmul(w2.transpose()).muli(activeF)) {
                return dh.mmul(w1.transpose());
            }
        }
        if (model instanceof SoftmaxRegression) {
            int d = model.inputDim();
            int c = model.numClasses();
            INDArray w = params.castTo(DataType.FLOAT).reshape(params.length())
                    .get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, d * c)).reshape('c', d, c);
            try (INDArray e = softmaxMinusOneHot(model.logits(params, features), labels)) {
                return e.mmul(w.transpose());
            }
        }
        return finiteDifferences(model, params, x, labels, 1e-2);
    }

    /** {@code softmax(logits) - onehot(labels)}; frees {@code logits}, which its callers made for it. */
    private static INDArray softmaxMinusOneHot(INDArray logits, int[] labels) {
        float[] z = FlatVectors.toArray(logits);
        logits.close();
        int n = labels.length;
        int c = z.length / Math.max(1, n);
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < c; k++) {
                max = Math.max(max, z[i * c + k]);
            }
            double s = 0;
            for (int k = 0; k < c; k++) {
                s += Math.exp(z[i * c + k] - max);
            }
            for (int k = 0; k < c; k++) {
                z[i * c + k] = (float) (Math.exp(z[i * c + k] - max) / s - (k == labels[i] ? 1 : 0));
            }
        }
        return Nd4j.create(z, new long[] {n, c}, 'c');
    }

    static INDArray finiteDifferences(Model model, INDArray params, INDArray x, int[] labels, double h) {
        int n = (int) x.rows();
        int d = (int) x.columns();
        float[] base = FlatVectors.toArray(x);
        float[] out = new float[n * d];
        for (int j = 0; j < d; j++) {
            float[] up = base.clone();
            float[] down = base.clone();
            for (int i = 0; i < n; i++) {
                up[i * d + j] += (float) h;
                down[i * d + j] -= (float) h;
            }
            double[] lu = losses(model.logits(params, Nd4j.create(up, new long[] {n, d}, 'c')), labels);
            double[] ld = losses(model.logits(params, Nd4j.create(down, new long[] {n, d}, 'c')), labels);
            for (int i = 0; i < n; i++) {
                out[i * d + j] = (float) ((lu[i] - ld[i]) / (2 * h));
            }
        }
        return Nd4j.create(out, new long[] {n, d}, 'c');
    }

    private static double[] losses(INDArray logits, int[] labels) {
        float[] z = FlatVectors.toArray(logits);
        int n = labels.length;
        int c = z.length / n;
        double[] l = new double[n];
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < c; k++) {
                max = Math.max(max, z[i * c + k]);
            }
            double s = 0;
            for (int k = 0; k < c; k++) {
                s += Math.exp(z[i * c + k] - max);
            }
            l[i] = max + Math.log(s) - z[i * c + labels[i]];
        }
        return l;
    }
}
