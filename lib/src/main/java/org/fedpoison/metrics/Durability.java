package org.fedpoison.metrics;

import java.util.Arrays;
import java.util.Map;
import org.fedpoison.fl.History;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

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

    /**
     * When an attack was active: rounds {@code first .. last} (inclusive, from 0).
     *
     * @throws IllegalArgumentException unless {@code 0 <= first <= last}
     */
    public record Window(int first, int last) {
        /** Validates the rounds. */
        public Window {
            if (first < 0 || last < first) {
                throw new IllegalArgumentException("attack window " + first + ".." + last + " must have 0 <= first <= last");
            }
        }
    }

    /**
     * One row per run: the metric {@code metric} (e.g. {@code "backdoor_success"}) before the first attack
     * round (round {@code first - 1}, NaN if the attack starts in round 0), at the last attack round, its
     * peak and its final value, {@link #lifespan} at {@code threshold}, {@link #halfLife}, and the lowest
     * clean accuracy from the round before the last attack round to the end.
     *
     * @param runs    the runs, by name, in the order of the rows
     * @param windows each run's attack window, by the same name
     * @throws IllegalArgumentException if a run has no window or a window lies outside its run
     */
    public static Table summary(String metric, Map<String, History> runs, Map<String, Window> windows, double threshold) {
        StringColumn name = StringColumn.create("attack");
        IntColumn first = IntColumn.create("first attack round");
        IntColumn last = IntColumn.create("last attack round");
        DoubleColumn before = DoubleColumn.create(metric + " before");
        DoubleColumn peak = DoubleColumn.create("peak");
        DoubleColumn atStop = DoubleColumn.create("at last attack round");
        DoubleColumn end = DoubleColumn.create("at the end");
        IntColumn life = IntColumn.create("rounds >= " + threshold + " after stop");
        IntColumn half = IntColumn.create("half-life (rounds)");
        DoubleColumn minAcc = DoubleColumn.create("lowest clean accuracy");
        for (Map.Entry<String, History> e : runs.entrySet()) {
            Window w = windows.get(e.getKey());
            if (w == null) {
                throw new IllegalArgumentException("run " + e.getKey() + " has no attack window");
            }
            double[] s = e.getValue().metric(metric);
            check(s, w.last());
            name.append(e.getKey());
            first.append(w.first());
            last.append(w.last());
            before.append(w.first() == 0 ? Double.NaN : s[w.first() - 1]);
            peak.append(Arrays.stream(s).max().orElse(Double.NaN));
            atStop.append(s[w.last()]);
            end.append(s[s.length - 1]);
            life.append(lifespan(s, w.last(), threshold));
            half.append(halfLife(s, w.last()));
            minAcc.append(Arrays.stream(e.getValue().accuracy()).skip(Math.max(0, w.last() - 1)).min().orElse(Double.NaN));
        }
        return Table.create("durability of " + metric + " after the attackers stop", name, first, last, before, peak,
                atStop, end, life, half, minAcc);
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
