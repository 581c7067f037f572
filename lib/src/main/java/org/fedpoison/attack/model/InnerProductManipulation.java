package org.fedpoison.attack.model;

import java.util.List;
import org.fedpoison.core.ClientUpdate;
import org.fedpoison.core.ModelPoisoning;
import org.fedpoison.core.RoundContext;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Inner-product manipulation (IPM): the attackers send the negated, scaled mean of the honest
 * updates,
 * <pre>{@code delta' = -epsilon * mean_{k honest}(delta_k)}</pre>
 * so that the inner product between the aggregate and the true descent direction turns
 * negative while, for small {@code epsilon}, the malicious vector stays close to the honest ones
 * (robust rules that look at distance or per-coordinate rank keep it).
 *
 * <p>The honest mean is taken over the other clients' updates of the round (the attack observes
 * peers); if there are none, over the attacker's own honest update.
 *
 * <p>Settings: {@code epsilon} positive and finite (Xie et al. use 0.1 against Krum-like rules
 * and large values such as 10 against median-like ones).
 *
 * <p>Paper: Xie, Koyejo and Gupta, "Fall of empires: Breaking Byzantine-tolerant SGD by inner
 * product manipulation" (UAI 2020).
 */
public final class InnerProductManipulation implements ModelPoisoning {
    private final double epsilon;

    /** @param epsilon the scale of the negated mean */
    public static InnerProductManipulation of(double epsilon) {
        return new InnerProductManipulation(epsilon);
    }

    private InnerProductManipulation(double epsilon) {
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("epsilon is " + epsilon + ", must be positive and finite");
        }
        this.epsilon = epsilon;
    }

    public double epsilon() {
        return epsilon;
    }

    @Override
    public boolean needsPeers() {
        return true;
    }

    @Override
    public ClientUpdate poison(ClientUpdate honest, RoundContext ctx) {
        List<INDArray> benign = Vectors.visibleDeltas(null, ctx.peerUpdates(), honest.delta().length());
        if (benign.isEmpty()) {
            benign.add(honest.delta());
        }
        INDArray mean = Vectors.mean(benign, honest.delta()).castTo(honest.delta().dataType());
        return honest.withDelta(mean.muli(-epsilon));
    }

    @Override
    public String name() {
        return "InnerProductManipulation(eps=" + epsilon + ")";
    }

    @Override
    public String toString() {
        return name();
    }
}
