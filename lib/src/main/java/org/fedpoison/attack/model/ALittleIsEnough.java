package org.fedpoison.attack.model;

import java.util.List;
import org.fedpoison.attack.Knowledge;
import org.fedpoison.core.ClientUpdate;
import org.fedpoison.core.ModelPoisoning;
import org.fedpoison.core.RoundContext;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A little is enough (ALIE): the colluding attackers estimate the per-coordinate mean
 * {@code mu_j} and standard deviation {@code sigma_j} of the benign updates and all send
 * <pre>{@code delta'_j = mu_j - z * sigma_j}</pre>
 * a vector that stays within the spread of honest values in every coordinate (so median-, trim-
 * and distance-based rules keep it) while consistently pulling against the mean. The default
 * {@code z} is Baruch et al.'s {@code z_max}: with {@code n} clients of which {@code m} are
 * malicious, {@code s = floor(n/2 + 1) - m} honest "supporters" are needed for a majority and
 * {@code z_max = Phi^{-1}((n - s) / n)} (standard normal quantile), clamped below at 0.
 *
 * <p>Knowledge ({@link #knowing(Knowledge)}, default {@link Knowledge#BENIGN_UPDATES}): by default
 * {@code mu} and {@code sigma} are taken over the benign updates of the round
 * ({@code ctx.peerUpdates()}), without the attacker's own, as in the paper: every colluder sees the
 * same benign updates and so sends the same vector. {@link Knowledge#BENIGN_AND_OWN} pools the
 * attacker's own honest update with them (then colluders send slightly different vectors; the
 * library's behaviour before this setting existed). {@link Knowledge#OWN_UPDATE} is refused: one
 * vector has {@code sigma = 0}. A round with no benign update (every sampled client observes peers)
 * falls back to the attacker's own update, which it then sends unchanged.
 *
 * <p>Conventions: {@code sigma} is the population standard deviation (divisor {@code k}, the
 * number of vectors), {@code n = ctx.numClients()}. ByzFL's {@code ALittleIsEnough(tau)} sends
 * {@code mu + tau * sigma_s} with the sample standard deviation {@code sigma_s} (divisor
 * {@code k - 1}) over the honest vectors; ours with {@code z} over the same {@code k} vectors equals
 * it for {@code tau = -z * sqrt((k - 1) / k)}.
 *
 * <p>Settings: {@code numMalicious} m >= 1 (for {@code z_max}), or a fixed {@code z >= 0}.
 *
 * <p>Example: benign updates {@code [1, 2], [3, 2]} ({@code mu = [2, 2]}, {@code sigma = [1, 0]})
 * and {@code z = 1.5} give {@code [0.5, 2]} for every colluder.
 *
 * <p>Paper: Baruch, Baruch and Goldberg, "A little is enough: Circumventing defenses for
 * distributed learning" (NeurIPS 2019).
 */
public final class ALittleIsEnough implements ModelPoisoning {
    private final int numMalicious;   // used when z is NaN
    private final double z;
    private final Knowledge knowledge;

    private ALittleIsEnough(int numMalicious, double z, Knowledge knowledge) {
        this.numMalicious = numMalicious;
        this.z = z;
        this.knowledge = knowledge;
    }

    /** {@code z = z_max(n, m)} computed each round from {@code n = ctx.numClients()}. */
    public static ALittleIsEnough withMalicious(int numMalicious) {
        if (numMalicious < 1) {
            throw new IllegalArgumentException("numMalicious is " + numMalicious + ", must be >= 1");
        }
        return new ALittleIsEnough(numMalicious, Double.NaN, Knowledge.BENIGN_UPDATES);
    }

    /** A fixed {@code z}. */
    public static ALittleIsEnough withZ(double z) {
        if (!(z >= 0) || Double.isInfinite(z)) {
            throw new IllegalArgumentException("z is " + z + ", must be >= 0 and finite");
        }
        return new ALittleIsEnough(0, z, Knowledge.BENIGN_UPDATES);
    }

    /**
     * The same attack with another knowledge model: {@link Knowledge#BENIGN_UPDATES} (the default)
     * or {@link Knowledge#BENIGN_AND_OWN}.
     *
     * @throws IllegalArgumentException for {@link Knowledge#OWN_UPDATE} (the spread of one vector is 0) or null
     */
    public ALittleIsEnough knowing(Knowledge k) {
        if (k == null || k == Knowledge.OWN_UPDATE) {
            throw new IllegalArgumentException("ALittleIsEnough: knowledge is " + k + ", must be BENIGN_UPDATES or"
                    + " BENIGN_AND_OWN (with OWN_UPDATE alone the standard deviation is 0)");
        }
        return new ALittleIsEnough(numMalicious, z, k);
    }

    /** The attack-knowledge model. */
    public Knowledge knowledge() {
        return knowledge;
    }

    /**
     * Baruch et al.'s {@code z_max = Phi^{-1}((n - s)/n)} with {@code s = floor(n/2 + 1) - m},
     * clamped at 0 (a negative z would push toward the mean, which is no attack).
     */
    public static double zMax(int n, int m) {
        if (n < 2) {
            throw new IllegalArgumentException("n is " + n + ", must be >= 2");
        }
        if (m < 1 || m >= n) {
            throw new IllegalArgumentException("m is " + m + ", must be in [1, " + (n - 1) + "]");
        }
        int s = n / 2 + 1 - m;
        double p = (double) (n - s) / n;
        if (p >= 1) {
            p = 1 - 1e-12;
        }
        return Math.max(0.0, NormalQuantile.of(p));
    }

    @Override
    public boolean needsPeers() {
        return true;
    }

    @Override
    public ClientUpdate poison(ClientUpdate honest, RoundContext ctx) {
        List<INDArray> benign = Vectors.known(knowledge, honest, ctx);
        double zz = Double.isNaN(z) ? zMax(Math.max(2, ctx.numClients()), Math.min(numMalicious,
                Math.max(1, ctx.numClients() - 1))) : z;
        INDArray m = Vectors.stack(benign);
        INDArray mu = m.mean(0);
        INDArray sd = m.std(false, 0);
        INDArray out = mu.sub(sd.mul(zz)).reshape(honest.delta().shape()).castTo(honest.delta().dataType());
        return honest.withDelta(out);
    }

    @Override
    public String name() {
        return "ALittleIsEnough(" + (Double.isNaN(z) ? "m=" + numMalicious : "z=" + z)
                + (knowledge == Knowledge.BENIGN_UPDATES ? "" : ", " + knowledge) + ")";
    }

    @Override
    public String toString() {
        return name();
    }
}
