package org.fedpoison.attack.model;

import org.fedpoison.attack.Picks;
import org.fedpoison.core.ClientUpdate;
import org.fedpoison.core.ModelPoisoning;
import org.fedpoison.core.RoundContext;
import org.fedpoison.util.Seeds;

/**
 * Non-finite values: the client sends an update some of whose coordinates are {@code NaN} or
 * {@code +-Infinity}. One such value poisons a naive mean in every coordinate it touches
 * ({@code NaN + x = NaN}); it tests that the server drops or screens non-finite updates
 * (the simulation's {@code dropNonFinite} setting) and that robust rules do not propagate them.
 *
 * <p>{@code delta'_j = value for j in J, delta_j otherwise}, where {@code J} is
 * {@code round(fraction * d)} coordinates (at least one) chosen with
 * {@code Seeds.derive(ctx.seed(), 0x4E46)}, or all of them when {@code fraction = 1}.
 *
 * <p>Settings: {@code value} one of {@code NaN}, {@code +Infinity}, {@code -Infinity};
 * {@code fraction} in (0, 1].
 *
 * <p>Reference: the crash/overflow failure mode of Byzantine workers, Blanchard et al.
 * (NeurIPS 2017); ByzFL's {@code Inf} attack.
 */
public final class NonFinite implements ModelPoisoning {
    private final double value;
    private final double fraction;

    /**
     * @param value    NaN, +Infinity or -Infinity
     * @param fraction share of coordinates replaced, in (0, 1]
     */
    public static NonFinite of(double value, double fraction) {
        return new NonFinite(value, fraction);
    }

    private NonFinite(double value, double fraction) {
        if (Double.isFinite(value)) {
            throw new IllegalArgumentException("value is " + value + ", must be NaN, +Infinity or -Infinity");
        }
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction is " + fraction + ", must be in (0, 1]");
        }
        this.value = value;
        this.fraction = fraction;
    }

    /** Every coordinate NaN. */
    public static NonFinite nan() {
        return new NonFinite(Double.NaN, 1.0);
    }

    /** Every coordinate +Infinity. */
    public static NonFinite infinity() {
        return new NonFinite(Double.POSITIVE_INFINITY, 1.0);
    }

    public double value() {
        return value;
    }

    public double fraction() {
        return fraction;
    }

    @Override
    public ClientUpdate poison(ClientUpdate honest, RoundContext ctx) {
        Vectors.checkFloating(honest.delta(), "client " + honest.clientId() + "'s delta");
        var out = honest.delta().dup();
        int d = (int) out.length();
        if (fraction == 1.0) {
            out.assign(value);
        } else {
            int k = Math.max(1, Picks.count(fraction, d));
            int[] all = java.util.stream.IntStream.range(0, d).toArray();
            for (int j : Picks.choose(all, k, Seeds.derive(ctx.seed(), 0x4E46))) {
                out.putScalar(j, value);
            }
        }
        return honest.withDelta(out);
    }

    @Override
    public String name() {
        return "NonFinite(" + value + (fraction < 1 ? ", " + fraction : "") + ")";
    }

    @Override
    public String toString() {
        return name();
    }
}
