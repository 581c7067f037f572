package org.fedpoison.attack.data;

import java.util.Arrays;
import org.fedpoison.attack.Picks;
import org.fedpoison.core.DataPoisoning;
import org.fedpoison.core.Dataset;
import org.fedpoison.model.Differentiable;
import org.fedpoison.util.FlatVectors;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Clean-label poisoning by gradient matching ("Witches' Brew"): the attacker perturbs a few
 * correctly labelled examples of the adversarial class so that the gradient of the training loss
 * on them points the same way as the gradient that would teach the model to put the target image
 * in the adversarial class. Training on the poisons, with their true labels, then moves the model
 * as training on the mislabelled target would.
 *
 * <pre>{@code
 * g_t  = grad_theta l(x_t, y_adv)                              (the step the attacker wants)
 * G(d) = sum_i grad_theta l(x_i + d_i, y_i)                    (the step the poisons cause; y_i = y_adv, their true label)
 * min_d  1 - cos(g_t, G(d))    subject to  ||d_i||_inf <= eps,  0 <= x_i + d_i <= 1
 * d_i <- clip(d_i + alpha * sign(d cos / d d_i))              (signed gradient steps, as in the paper)
 * d cos / d d_i = grad_x [ v . grad_theta l(x, y_i) ] at x_i + d_i,   v = g_t / (|g_t||G|) - cos G / |G|^2
 * }</pre>
 * The mixed second derivative in the last line is computed without second-order code, by a central
 * difference of input gradients along {@code v}:
 * {@code (grad_x l(theta + h u) - grad_x l(theta - h u)) / 2h * |v|}, {@code u = v / |v|}, with
 * {@code h = 1e-3 * ||theta|| }; so any {@link Differentiable} model serves.
 *
 * <p>As {@link DataPoisoning}: {@code numPoisons} examples of the adversarial class are chosen from
 * the client's data with the seed, perturbed, and appended with their true labels (so every
 * poison passes a label audit and its pixels stay within {@code eps} of a real example).
 *
 * <p>Settings: {@code model}, {@code params} (the model the attacker knows, e.g. the global model
 * of some round; not modified), {@code target} (one row of features), {@code adversarialLabel},
 * {@code numPoisons >= 1}, {@code eps} in (0, 1], {@code steps >= 1}, {@code alpha > 0}.
 *
 * <p>Differences from the paper, stated: one restart instead of several, plain signed gradient steps
 * instead of signed Adam, no differentiable data augmentation.
 *
 * <p>Paper: Geiping, Fowl, Huang, Czaja, Taylor, Moeller and Goldstein, "Witches' brew: Industrial
 * scale data poisoning via gradient matching" (ICLR 2021), Algorithm 1.
 */
public final class GradientMatching implements DataPoisoning {
    private final Differentiable model;
    private final INDArray params;
    private final float[] target;
    private final int adversarialLabel;
    private final int numPoisons;
    private final double eps;
    private final int steps;
    private final double alpha;
    private final float[] targetGradient;

    /**
     * @param model            the network (its gradients are used)
     * @param params           the parameters the attacker knows
     * @param target           the target image, one row of {@code model.inputDim()} features
     * @param adversarialLabel the class the target should be put in (the poisons' true class)
     * @param numPoisons       poisons per client
     * @param eps              the largest change of any pixel, in (0, 1]
     * @param steps            signed gradient steps
     * @param alpha            step size of each signed step
     */
    private GradientMatching(Differentiable model, INDArray params, INDArray target, int adversarialLabel, int numPoisons,
                            double eps, int steps, double alpha) {
        if (model == null) {
            throw new IllegalArgumentException("model must not be null");
        }
        if (params == null || params.length() != model.numParams()) {
            throw new IllegalArgumentException("params has " + (params == null ? "no" : params.length()) + " entries, "
                    + model.name() + " needs " + model.numParams());
        }
        if (target == null || target.length() != model.inputDim()) {
            throw new IllegalArgumentException("target has " + (target == null ? "no" : target.length()) + " features, "
                    + model.name() + " expects " + model.inputDim());
        }
        Picks.checkClass("adversarialLabel", adversarialLabel, model.numClasses());
        if (numPoisons < 1) {
            throw new IllegalArgumentException("numPoisons is " + numPoisons + ", must be >= 1");
        }
        if (!(eps > 0 && eps <= 1)) {
            throw new IllegalArgumentException("eps is " + eps + ", must be in (0, 1]");
        }
        if (steps < 1) {
            throw new IllegalArgumentException("steps is " + steps + ", must be >= 1");
        }
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("alpha is " + alpha + ", must be positive and finite");
        }
        this.model = model;
        this.params = params.dup();
        this.target = FlatVectors.toArray(target);
        this.adversarialLabel = adversarialLabel;
        this.numPoisons = numPoisons;
        this.eps = eps;
        this.steps = steps;
        this.alpha = alpha;
        this.targetGradient = FlatVectors.toArray(model.lossGradient(this.params,
                Nd4j.create(this.target, new long[] {1, this.target.length}, 'c'), new int[] {adversarialLabel}));
    }

    /** Poisons of class {@code adversarialLabel} matched to the target's adversarial gradient; see the constructor's parameters. */
    public static GradientMatching of(Differentiable model, INDArray params, INDArray target, int adversarialLabel,
                                      int numPoisons, double eps, int steps, double alpha) {
        return new GradientMatching(model, params, target, adversarialLabel, numPoisons, eps, steps, alpha);
    }

    public int adversarialLabel() {
        return adversarialLabel;
    }

    public double eps() {
        return eps;
    }

    /** The examples of {@code clean} this seed perturbs (ascending indices; at most {@code numPoisons}). */
    public int[] baseIndices(Dataset clean, long seed) {
        int[] pool = Picks.withLabel(clean.labels(), adversarialLabel);
        return Picks.choose(pool, Math.min(numPoisons, pool.length), seed);
    }

    /** The poisons made from {@code clean} with this seed, with their true labels (possibly empty). */
    public Dataset poisons(Dataset clean, long seed) {
        int[] base = baseIndices(clean, seed);
        Dataset b = clean.subset(base);
        if (base.length == 0) {
            return b;
        }
        int n = base.length;
        int d = clean.dim();
        float[] x0 = FlatVectors.toArray(b.features());
        float[] x = x0.clone();
        int[] y = b.labels();
        for (int step = 0; step < steps; step++) {
            float[] grad = cosineGradient(x, y, n, d);
            for (int i = 0; i < x.length; i++) {
                double v = x[i] + alpha * Math.signum(grad[i]);
                v = Math.max(x0[i] - eps, Math.min(x0[i] + eps, v));
                x[i] = (float) Math.max(0, Math.min(1, v));
            }
        }
        return b.withFeatures(Nd4j.create(x, new long[] {n, d}, 'c'));
    }

    /** {@code cos(g_t, G)} for poisons {@code x} with labels {@code y}: how well they match. */
    public double alignment(Dataset poisons) {
        if (poisons.size() == 0) {
            return 0;
        }
        float[] g = FlatVectors.toArray(model.lossGradient(params, poisons.features(), poisons.labels()));
        return cos(targetGradient, g);
    }

    private static double cos(float[] a, float[] b) {
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += (double) a[i] * b[i];
            aa += (double) a[i] * a[i];
            bb += (double) b[i] * b[i];
        }
        return aa == 0 || bb == 0 ? 0 : ab / Math.sqrt(aa * bb);
    }

    /** {@code d cos(g_t, G) / d x_i} for every poison row, by the central difference described above. */
    private float[] cosineGradient(float[] x, int[] y, int n, int d) {
        INDArray xs = Nd4j.create(x, new long[] {n, d}, 'c');
        float[] g = FlatVectors.toArray(model.lossGradient(params, xs, y)); // mean; G = n * g has the same direction
        double gg = 0;
        double tt = 0;
        double tg = 0;
        for (int i = 0; i < g.length; i++) {
            gg += (double) g[i] * g[i];
            tt += (double) targetGradient[i] * targetGradient[i];
            tg += (double) targetGradient[i] * g[i];
        }
        if (gg == 0 || tt == 0) {
            return new float[n * d];
        }
        // with G = n g: v = g_t / (|g_t| |G|) - cos G / |G|^2 = (g_t / |g_t| - cos g / |g|) / (n |g|)
        double gn = Math.sqrt(gg);
        double tn = Math.sqrt(tt);
        double c = tg / (tn * gn);
        float[] v = new float[g.length];
        double vv = 0;
        for (int i = 0; i < g.length; i++) {
            double vi = (targetGradient[i] / tn - c * g[i] / gn) / (n * gn);
            v[i] = (float) vi;
            vv += vi * vi;
        }
        double vn = Math.sqrt(vv);
        if (vn == 0) {
            return new float[n * d];
        }
        float[] theta = FlatVectors.toArray(params);
        double h = 1e-3 * Math.max(1e-6, Math.sqrt(Arrays.stream(toDoubles(theta)).map(t -> t * t).sum()));
        float[] up = theta.clone();
        float[] down = theta.clone();
        for (int i = 0; i < theta.length; i++) {
            up[i] += (float) (h * v[i] / vn);
            down[i] -= (float) (h * v[i] / vn);
        }
        float[] gu = FlatVectors.toArray(model.inputGradient(Nd4j.createFromArray(up), xs, y));
        float[] gd = FlatVectors.toArray(model.inputGradient(Nd4j.createFromArray(down), xs, y));
        float[] out = new float[n * d];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) ((gu[i] - gd[i]) / (2 * h) * vn);
        }
        return out;
    }

    private static double[] toDoubles(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    @Override
    public Dataset poison(Dataset clean, int clientId, long seed) {
        return clean.concat(poisons(clean, seed));
    }

    @Override
    public String name() {
        return "GradientMatching(->" + adversarialLabel + ", " + numPoisons + " poisons, eps=" + eps + ")";
    }

    @Override
    public String toString() {
        return name();
    }
}
