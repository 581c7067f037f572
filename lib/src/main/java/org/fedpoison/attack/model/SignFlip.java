package org.fedpoison.attack.model;

import org.fedpoison.core.ClientUpdate;
import org.fedpoison.core.ModelPoisoning;
import org.fedpoison.core.RoundContext;

/**
 * Sign flipping: the client sends its honest update reversed and scaled,
 * {@code delta' = -scale * delta}. With {@code scale = 1} it is the "opposite opinion" whose pull
 * on the mean is bounded by {@code 2 ||delta|| / K}; larger scales turn it into an availability
 * attack of growing norm.
 *
 * <p>Settings: {@code scale} positive and finite (default 1).
 *
 * <p>Papers: Damaskinos et al., "Asynchronous Byzantine machine learning" (ICML 2018); the
 * sign-flipping baseline of Allen-Zhu et al., "Byzantine-resilient non-convex stochastic gradient
 * descent" (ICLR 2021) and of ByzFL's {@code SignFlipping}.
 */
public final class SignFlip implements ModelPoisoning {
    private final double scale;

    /** {@code delta' = -delta}. */
    public static SignFlip of() {
        return new SignFlip();
    }

    private SignFlip() {
        this(1.0);
    }

    /** {@code delta' = -scale * delta}. */
    public static SignFlip of(double scale) {
        return new SignFlip(scale);
    }

    private SignFlip(double scale) {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("scale is " + scale + ", must be positive and finite");
        }
        this.scale = scale;
    }

    public double scale() {
        return scale;
    }

    @Override
    public ClientUpdate poison(ClientUpdate honest, RoundContext ctx) {
        return honest.withDelta(honest.delta().mul(-scale));
    }

    @Override
    public String name() {
        return scale == 1.0 ? "SignFlip" : "SignFlip(x" + scale + ")";
    }

    @Override
    public String toString() {
        return name();
    }
}
