package org.fedpoison.attack.model;

import org.fedpoison.attack.Knowledge;
import org.fedpoison.core.ClientUpdate;
import org.fedpoison.core.ModelPoisoning;
import org.fedpoison.core.RoundContext;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Sign flipping: the client sends an honest update reversed and scaled,
 * {@code delta' = -scale * delta}. With {@code scale = 1} it is the "opposite opinion" whose pull
 * on the mean is bounded by {@code 2 ||delta|| / K}; larger scales turn it into an availability
 * attack of growing norm.
 *
 * <p>Knowledge ({@link #knowing(Knowledge)}, default {@link Knowledge#OWN_UPDATE}): by default
 * {@code delta} is the attacker's own honest update and the attack does not observe peers. With
 * {@link Knowledge#BENIGN_UPDATES} it is the mean of the round's benign updates
 * ({@code -scale * mean(benign)}, the same vector for every colluder); that, with {@code scale = 1},
 * is ByzFL's {@code SignFlipping} ({@code -mean(honest)}); the default equals it only when the
 * attacker's own update is the only one it knows. {@link Knowledge#BENIGN_AND_OWN} averages its
 * own with the benign ones. A peer-knowing attacker that sees none uses its own.
 *
 * <p>Settings: {@code scale} positive and finite (default 1).
 *
 * <p>Example: own update {@code [1, -2]} gives {@code [-1, 2]}; with benign updates
 * {@code [1, 2], [3, 2]} and {@code BENIGN_UPDATES}, {@code [-2, -2]}.
 *
 * <p>Papers: Damaskinos et al., "Asynchronous Byzantine machine learning" (ICML 2018); the
 * sign-flipping baseline of Allen-Zhu et al., "Byzantine-resilient non-convex stochastic gradient
 * descent" (ICLR 2021).
 */
public final class SignFlip implements ModelPoisoning {
    private final double scale;
    private final Knowledge knowledge;

    /** {@code delta' = -delta}. */
    public static SignFlip of() {
        return new SignFlip(1.0, Knowledge.OWN_UPDATE);
    }

    /** {@code delta' = -scale * delta}. */
    public static SignFlip of(double scale) {
        return new SignFlip(scale, Knowledge.OWN_UPDATE);
    }

    private SignFlip(double scale, Knowledge knowledge) {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("SignFlip: scale is " + scale + ", must be finite and > 0");
        }
        if (knowledge == null) {
            throw new IllegalArgumentException("SignFlip: knowledge is null, must be a Knowledge");
        }
        this.scale = scale;
        this.knowledge = knowledge;
    }

    /** The same attack with another knowledge model (see the class comment). */
    public SignFlip knowing(Knowledge k) {
        return new SignFlip(scale, k);
    }

    public double scale() {
        return scale;
    }

    /** The attack-knowledge model. */
    public Knowledge knowledge() {
        return knowledge;
    }

    @Override
    public boolean needsPeers() {
        return knowledge.needsPeers();
    }

    @Override
    public ClientUpdate poison(ClientUpdate honest, RoundContext ctx) {
        if (knowledge == Knowledge.OWN_UPDATE) {
            return honest.withDelta(honest.delta().mul(-scale));
        }
        INDArray mean = Vectors.mean(Vectors.known(knowledge, honest, ctx), honest.delta());
        return honest.withDelta(mean.castTo(honest.delta().dataType()).muli(-scale));
    }

    @Override
    public String name() {
        return (scale == 1.0 ? "SignFlip" : "SignFlip(x" + scale + ")")
                + (knowledge == Knowledge.OWN_UPDATE ? "" : "[" + knowledge + "]");
    }

    @Override
    public String toString() {
        return name();
    }
}
