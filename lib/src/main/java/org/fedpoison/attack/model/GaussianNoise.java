package org.fedpoison.attack.model;

import java.util.SplittableRandom;
import org.fedpoison.core.ClientUpdate;
import org.fedpoison.core.ModelPoisoning;
import org.fedpoison.core.RoundContext;
import org.fedpoison.util.FlatVectors;
import org.fedpoison.util.Seeds;

/**
 * Gaussian noise: the client sends random noise instead of (or on top of) its update, an
 * availability attack.
 * <ul>
 *   <li>{@link #replacing(double) replacing}: {@code delta' ~ N(0, sigma^2 I)} (the "Gaussian
 *       attack" of Blanchard et al. and Fang et al.);</li>
 *   <li>{@link #additive(double) additive}: {@code delta' = delta + N(0, sigma^2 I)}.</li>
 * </ul>
 * The noise is drawn from {@code Seeds.derive(ctx.seed(), 0x6A55)} with Java's
 * {@link SplittableRandom}, so a client's noise depends only on the simulation seed, the round
 * and its id.
 *
 * <p>Settings: {@code sigma} positive and finite.
 *
 * <p>Papers: Blanchard et al., "Machine learning with adversaries: Byzantine tolerant gradient
 * descent" (NeurIPS 2017); Fang et al., "Local model poisoning attacks to Byzantine-robust
 * federated learning" (USENIX Security 2020).
 */
public final class GaussianNoise implements ModelPoisoning {
    private final double sigma;
    private final boolean additive;

    private GaussianNoise(double sigma, boolean additive) {
        if (!(sigma > 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("sigma is " + sigma + ", must be positive and finite");
        }
        this.sigma = sigma;
        this.additive = additive;
    }

    /** Sends pure noise {@code N(0, sigma^2 I)}. */
    public static GaussianNoise replacing(double sigma) {
        return new GaussianNoise(sigma, false);
    }

    /** Sends the honest update plus noise {@code N(0, sigma^2 I)}. */
    public static GaussianNoise additive(double sigma) {
        return new GaussianNoise(sigma, true);
    }

    public double sigma() {
        return sigma;
    }

    public boolean isAdditive() {
        return additive;
    }

    @Override
    public ClientUpdate poison(ClientUpdate honest, RoundContext ctx) {
        Vectors.checkFloating(honest.delta(), "client " + honest.clientId() + "'s delta");
        int d = (int) honest.delta().length();
        SplittableRandom rng = new SplittableRandom(Seeds.derive(ctx.seed(), 0x6A55));
        double[] noise = new double[d];
        for (int i = 0; i < d; i++) {
            noise[i] = sigma * rng.nextGaussian();
        }
        var n = FlatVectors.fromDoubles(noise, honest.delta());
        return honest.withDelta(additive ? honest.delta().add(n) : n);
    }

    @Override
    public String name() {
        return "GaussianNoise(" + (additive ? "+" : "") + "sigma=" + sigma + ")";
    }

    @Override
    public String toString() {
        return name();
    }
}
