package org.fedpoison.attack.model;

import java.util.ArrayList;
import java.util.List;
import org.fedpoison.attack.Knowledge;
import org.fedpoison.core.ClientUpdate;
import org.fedpoison.core.ModelPoisoning;
import org.fedpoison.core.RoundContext;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Constrain-and-scale: the attacker boosts its (backdoored) update as in model replacement but
 * keeps it inside what the server's screen accepts — its norm is projected onto a bound, and it
 * may be pulled toward the honest updates to look like them.
 *
 * <pre>{@code
 * u     = gamma * delta                                  (boost)
 * u     = (1 - a) * u + a * mean(peer deltas)            (anomaly penalty, if a > 0)
 * delta' = u * min(1, S / ||u||_2)                       (projection onto the ball of radius S)
 * }</pre>
 * Bagdasaryan et al. train with the loss {@code L = alpha L_class + (1 - alpha) L_ano}, where
 * {@code L_ano} measures how anomalous the model looks to the defense (for a norm screen, the
 * distance to the global model), and then scale by the largest {@code gamma} that stays under the
 * bound {@code S}. This class applies the same two moves in update space after honest training on
 * the poisoned data: the mixing weight {@code a} is the closed-form minimiser of
 * {@code (1 - a)||u - gamma delta||^2 + a ||u - mean||^2}, a surrogate of the anomaly term for a
 * defense that measures distance to the other clients' updates; with {@code a = 0} it is the pure
 * norm-bounded boost, which slips under a norm-clipping screen with bound {@code >= S}.
 *
 * <p>Settings: {@code gamma} the boost, positive and finite, or {@link #withClientCountBoost}
 * for {@code gamma = ctx.numClients()}; {@code normBound} S positive and finite;
 * {@code anomalyWeight} a in [0, 1]. Knowledge ({@link #knowledge()}): with {@code a > 0} the attack
 * observes the round's benign updates ({@link Knowledge#BENIGN_UPDATES}: the mean is over
 * {@code ctx.peerUpdates()}, without its own; none seen, no pull); with {@code a = 0} it knows only its own
 * ({@link Knowledge#OWN_UPDATE}).
 *
 * <p>Paper: Bagdasaryan et al., "How to backdoor federated learning" (AISTATS 2020), Section 4.3.
 */
public final class ConstrainAndScale implements ModelPoisoning {
    private final double gamma;       // NaN: ctx.numClients()
    private final double normBound;
    private final double anomalyWeight;

    /**
     * @param gamma         the boost factor (e.g. the estimated {@code 1/alpha_m})
     * @param normBound     the norm bound S the sent update respects
     * @param anomalyWeight the weight a of the pull toward the mean of the other updates
     */
    public static ConstrainAndScale of(double gamma, double normBound, double anomalyWeight) {
        return new ConstrainAndScale(gamma, normBound, anomalyWeight);
    }

    private ConstrainAndScale(double gamma, double normBound, double anomalyWeight) {
        if (!(gamma > 0) || Double.isInfinite(gamma)) {
            throw new IllegalArgumentException("gamma is " + gamma + ", must be positive and finite");
        }
        this.gamma = gamma;
        this.normBound = checkBound(normBound);
        this.anomalyWeight = checkWeight(anomalyWeight);
    }

    private ConstrainAndScale(double normBound, double anomalyWeight) {
        this.gamma = Double.NaN;
        this.normBound = checkBound(normBound);
        this.anomalyWeight = checkWeight(anomalyWeight);
    }

    /** Boost by the round's client count K, then project onto norm bound S; no anomaly penalty. */
    public static ConstrainAndScale withClientCountBoost(double normBound) {
        return new ConstrainAndScale(normBound, 0.0);
    }

    /** Boost by the round's client count K, mix with weight {@code anomalyWeight}, project onto S. */
    public static ConstrainAndScale withClientCountBoost(double normBound, double anomalyWeight) {
        return new ConstrainAndScale(normBound, anomalyWeight);
    }

    private static double checkBound(double s) {
        if (!(s > 0) || Double.isInfinite(s)) {
            throw new IllegalArgumentException("normBound is " + s + ", must be positive and finite");
        }
        return s;
    }

    private static double checkWeight(double a) {
        if (!(a >= 0 && a <= 1)) {
            throw new IllegalArgumentException("anomalyWeight is " + a + ", must be in [0, 1]");
        }
        return a;
    }

    public double normBound() {
        return normBound;
    }

    public double anomalyWeight() {
        return anomalyWeight;
    }

    /** The attack-knowledge model: {@link Knowledge#BENIGN_UPDATES} when {@code anomalyWeight > 0}, else {@link Knowledge#OWN_UPDATE}. */
    public Knowledge knowledge() {
        return anomalyWeight > 0 ? Knowledge.BENIGN_UPDATES : Knowledge.OWN_UPDATE;
    }

    @Override
    public boolean needsPeers() {
        return anomalyWeight > 0;
    }

    @Override
    public ClientUpdate poison(ClientUpdate honest, RoundContext ctx) {
        double g = Double.isNaN(gamma) ? ctx.numClients() : gamma;
        INDArray u = honest.delta().mul(g);
        if (anomalyWeight > 0 && !ctx.peerUpdates().isEmpty()) {
            Vectors.checkLengths(ctx.peerUpdates(), u.length());
            List<INDArray> peers = new ArrayList<>();
            for (ClientUpdate p : ctx.peerUpdates()) {
                peers.add(p.delta());
            }
            INDArray mean = Vectors.mean(peers, u).castTo(u.dataType());
            u.muli(1 - anomalyWeight).addi(mean.muli(anomalyWeight));
        }
        double norm = Vectors.norm(u);
        if (norm > normBound) {
            u.muli(normBound / norm);
        }
        return honest.withDelta(u);
    }

    @Override
    public String name() {
        return "ConstrainAndScale(gamma=" + (Double.isNaN(gamma) ? "K" : String.valueOf(gamma)) + ", S=" + normBound
                + (anomalyWeight > 0 ? ", a=" + anomalyWeight : "") + ")";
    }

    @Override
    public String toString() {
        return name();
    }
}
