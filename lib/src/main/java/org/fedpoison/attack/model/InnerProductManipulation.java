package org.fedpoison.attack.model;

import org.fedpoison.attack.Knowledge;
import org.fedpoison.core.ClientUpdate;
import org.fedpoison.core.ModelPoisoning;
import org.fedpoison.core.RoundContext;

/**
 * Inner-product manipulation (IPM): the attackers send the negated, scaled mean of the honest
 * updates,
 * <pre>{@code delta' = -epsilon * mean_{k honest}(delta_k)}</pre>
 * so that the inner product between the aggregate and the true descent direction turns
 * negative while, for small {@code epsilon}, the malicious vector stays close to the honest ones
 * (robust rules that look at distance or per-coordinate rank keep it).
 *
 * <p>Knowledge ({@link #knowing(Knowledge)}, default {@link Knowledge#BENIGN_UPDATES}): the mean is
 * over the benign updates of the round ({@code ctx.peerUpdates()}, without the attacker's own), so
 * colluders send one vector; {@link Knowledge#BENIGN_AND_OWN} adds the attacker's own honest
 * update; {@link Knowledge#OWN_UPDATE} uses the own update alone ({@code -epsilon * delta}, a
 * scaled sign flip; the attack then does not observe peers). A peer-knowing attacker that sees no
 * benign update (every sampled client observes peers) uses its own.
 *
 * <p>Conventions: ByzFL's {@code FallOfEmpires(tau)} sends {@code (1 - tau) * mean(honest)}, which is
 * ours with the default knowledge for {@code epsilon = tau - 1}.
 *
 * <p>Settings: {@code epsilon} positive and finite (Xie et al. use 0.1 against Krum-like rules
 * and large values such as 10 against median-like ones).
 *
 * <p>Example: benign updates {@code [1, 2], [3, 2]} and {@code epsilon = 0.5} give {@code [-1, -1]}.
 *
 * <p>Paper: Xie, Koyejo and Gupta, "Fall of empires: Breaking Byzantine-tolerant SGD by inner
 * product manipulation" (UAI 2020).
 */
public final class InnerProductManipulation implements ModelPoisoning {
    private final double epsilon;
    private final Knowledge knowledge;
    /** The arithmetic: a sign flip by epsilon of the mean the attacker knows. */
    private final SignFlip flip;

    /** @param epsilon the scale of the negated mean, positive and finite */
    public static InnerProductManipulation of(double epsilon) {
        return new InnerProductManipulation(epsilon, Knowledge.BENIGN_UPDATES);
    }

    private InnerProductManipulation(double epsilon, Knowledge knowledge) {
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("InnerProductManipulation: epsilon is " + epsilon
                    + ", must be finite and > 0");
        }
        if (knowledge == null) {
            throw new IllegalArgumentException("InnerProductManipulation: knowledge is null, must be a Knowledge");
        }
        this.epsilon = epsilon;
        this.knowledge = knowledge;
        this.flip = SignFlip.of(epsilon).knowing(knowledge);
    }

    /** The same attack with another knowledge model (see the class comment). */
    public InnerProductManipulation knowing(Knowledge k) {
        return new InnerProductManipulation(epsilon, k);
    }

    public double epsilon() {
        return epsilon;
    }

    /** The attack-knowledge model. */
    public Knowledge knowledge() {
        return knowledge;
    }

    @Override
    public boolean needsPeers() {
        return flip.needsPeers();
    }

    /** {@code -epsilon * mean(known)}: {@link SignFlip}'s arithmetic with this attack's knowledge. */
    @Override
    public ClientUpdate poison(ClientUpdate honest, RoundContext ctx) {
        return flip.poison(honest, ctx);
    }

    @Override
    public String name() {
        return "InnerProductManipulation(eps=" + epsilon
                + (knowledge == Knowledge.BENIGN_UPDATES ? "" : ", " + knowledge) + ")";
    }

    @Override
    public String toString() {
        return name();
    }
}
