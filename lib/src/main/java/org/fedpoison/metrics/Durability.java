package org.fedpoison.metrics;

import java.util.Arrays;

/**
 * Durability of a backdoor: how attack success evolves in the rounds after the attackers stop.
 * Works on a per-round metric series, e.g. {@code history.metric("backdoor_success")}.
 *
 * <ul>
 *   <li>{@link #after}: the series from round {@code lastAttackRound + 1} on;</li>
 *   <li>{@link #lifespan}: the number of consecutive rounds after {@code lastAttackRound} in which
 *       success stays at or above {@code threshold}
 *       ({@code max L : s[r0 + j] >= threshold for j = 1..L}); the series length minus
 *       {@code lastAttackRound + 1} if it never drops;</li>
 *   <li>{@link #halfLife}: rounds until success first falls to half its value at
 *       {@code lastAttackRound}, or -1 if it does not within the series.</li>
 * </ul>
 *
 * <p>Reference: Zhang et al., "Neurotoxin: Durable backdoors in federated learning" (ICML 2022),
 * which measures lifespan as rounds above a success threshold after the attack stops.
 */
public final class Durability {
    private Durability() {}

    /** The values after {@code lastAttackRound} (a new array; empty if the series ends there). */
    public static double[] after(double[] series, int lastAttackRound) {
        check(series, lastAttackRound);
        return Arrays.copyOfRange(series, Math.min(series.length, lastAttackRound + 1), series.length);
    }

    /** Consecutive rounds after {@code lastAttackRound} with {@code series >= threshold}. */
    public static int lifespan(double[] series, int lastAttackRound, double threshold) {
        check(series, lastAttackRound);
        int n = 0;
        for (int r = lastAttackRound + 1; r < series.length && series[r] >= threshold; r++) {
            n++;
        }
        return n;
    }

    /** Rounds after {@code lastAttackRound} until success first falls to half its value then; -1 if never. */
    public static int halfLife(double[] series, int lastAttackRound) {
        check(series, lastAttackRound);
        double half = series[lastAttackRound] / 2;
        for (int r = lastAttackRound + 1; r < series.length; r++) {
            if (series[r] <= half) {
                return r - lastAttackRound;
            }
        }
        return -1;
    }

    private static void check(double[] series, int lastAttackRound) {
        if (series == null) {
            throw new IllegalArgumentException("series must not be null");
        }
        if (lastAttackRound < 0 || lastAttackRound >= series.length) {
            throw new IllegalArgumentException("lastAttackRound is " + lastAttackRound + ", must be in [0, "
                    + series.length + ")");
        }
    }
}
