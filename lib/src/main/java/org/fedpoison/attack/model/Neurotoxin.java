package org.fedpoison.attack.model;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.fedpoison.attack.MaliciousClient;
import org.fedpoison.attack.ProjectedTraining;
import org.fedpoison.core.ModelPoisoning;
import org.fedpoison.core.Dataset;
import org.fedpoison.core.ClientUpdate;
import org.fedpoison.core.RoundContext;
import org.fedpoison.core.Model;
import org.fedpoison.core.TrainConfig;
import org.fedpoison.util.FlatVectors;
import org.fedpoison.util.Shuffle;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Neurotoxin: a durable backdoor that stays out of the coordinates honest training moves most.
 * The attacker estimates the benign update by training honestly on its own clean data, and trains
 * its backdoor with the share {@code k} of coordinates where that estimate is largest frozen at the
 * global model's values, so the backdoor lives in parameters the honest clients rarely change and
 * is washed out more slowly once the attack stops.
 *
 * <pre>{@code
 * g    = train(w_t, clean data) - w_t                       (the benign update the attacker can estimate)
 * S_k  = the ceil(k * d) coordinates with the largest |g_j|  (ties: lower index first)
 * w    <- w - lr * grad L(w; poisoned minibatch),  then  w_j <- (w_t)_j for j in S_k   (every step)
 * }</pre>
 * The projection after every step (projected gradient descent, as in the paper) lets training make
 * up inside the allowed coordinates for what the mask takes away; {@link MaliciousClient} runs it
 * through {@link ProjectedTraining}, one SGD step at a time with the model's own {@code train}.
 * {@link #poison} passes the trained update on unchanged. The paper also bounds the update's norm;
 * combine with a norm-bounding attack for that.
 *
 * <p>When it helps: the mask moves the backdoor into parameters honest training leaves alone, so it
 * pays where the trigger can live there. On the 8x8 digits with a trigger on pixels no honest digit
 * inks (column 0, rows 2-5), two attackers of 20 with {@code k = 0.5} keep success above 0.5 for
 * 13-30 rounds after they stop, against 0-7 for the same backdoor trained plainly (three seeds,
 * {@code NeurotoxinTest}); with a trigger on pixels half the digits ink (the bottom-right corner)
 * the mask only takes capacity from the attacker and the plain backdoor lasts as long or longer.
 *
 * <p>Settings: {@code k} in (0, 1), the share of coordinates masked out. The paper's code computes
 * the mask from the gradient on the attacker's clean data, as here, and keeps the complement of the
 * top coordinates; it reports masking ratios of a few percent for its language and image models.
 *
 * <p>Paper: Zhang, Panda, Song, Yang, Mahoney, Mittal, Ramchandran and Gonzalez, "Neurotoxin:
 * Durable backdoors in federated learning" (ICML 2022), Algorithm 1.
 */
public final class Neurotoxin implements ModelPoisoning, ProjectedTraining {
    private final double k;

    private Neurotoxin(double k) {
        if (!(k > 0 && k < 1)) {
            throw new IllegalArgumentException("k is " + k + ", must be in (0, 1) (the share of coordinates masked out)");
        }
        this.k = k;
    }

    /** Masks out the share {@code k} of coordinates the benign estimate moves most. */
    public static Neurotoxin of(double k) {
        return new Neurotoxin(k);
    }

    /** The share of coordinates masked out. */
    public double k() {
        return k;
    }

    /** The mask (true = frozen) for the round: the top-{@code k} coordinates of the benign estimate. */
    public boolean[] mask(RoundContext ctx, Dataset clean, TrainConfig config) {
        INDArray benign = ctx.model().train(ctx.global(), clean, config, ctx.seed()).sub(ctx.global());
        return topMask(benign, k);
    }

    @Override
    public INDArray train(RoundContext ctx, Dataset clean, Dataset poisoned, TrainConfig config) {
        boolean[] m = mask(ctx, clean, config);
        Model model = ctx.model();
        float[] origin = FlatVectors.toArray(ctx.global());
        INDArray w = ctx.global();
        TrainConfig oneStep = new TrainConfig(1, config.batchSize(), config.learningRate());
        SplittableRandom rng = new SplittableRandom(ctx.seed());
        int n = poisoned.size();
        int[] order = Shuffle.identity(n);
        for (int epoch = 0; epoch < config.epochs(); epoch++) {
            Shuffle.inPlace(order, rng);
            for (int r0 = 0; r0 < n; r0 += config.batchSize()) {
                Dataset batch = poisoned.subset(Arrays.copyOfRange(order, r0, Math.min(n, r0 + config.batchSize())));
                float[] p = FlatVectors.toArray(model.train(w, batch, oneStep, rng.nextLong()));
                for (int j = 0; j < p.length; j++) {
                    if (m[j]) {
                        p[j] = origin[j];
                    }
                }
                w = Nd4j.createFromArray(p);
            }
        }
        return w;
    }

    /** The trained update as it is: the mask was applied during training. */
    @Override
    public ClientUpdate poison(ClientUpdate honest, RoundContext ctx) {
        return honest;
    }

    /** The {@code ceil(k * d)} coordinates of largest {@code |g_j|} (ties: lower index first). */
    static boolean[] topMask(INDArray g, double k) {
        float[] a = FlatVectors.toArray(g);
        int d = a.length;
        int count = (int) Math.min(d, Math.ceil(k * d));
        Integer[] idx = new Integer[d];
        for (int j = 0; j < d; j++) {
            idx[j] = j;
        }
        Arrays.sort(idx, (x, y) -> {
            int c = Float.compare(Math.abs(a[y]), Math.abs(a[x]));
            return c != 0 ? c : Integer.compare(x, y);
        });
        boolean[] m = new boolean[d];
        for (int i = 0; i < count; i++) {
            m[idx[i]] = true;
        }
        return m;
    }

    @Override
    public String name() {
        return "Neurotoxin(k=" + k + ")";
    }

    @Override
    public String toString() {
        return name();
    }
}
