package org.fedpoison.leverage;

import org.fedpoison.util.Check;

/**
 * The arithmetic of one client's leverage on a federated average (the text's Sections 3 and 4),
 * as pure functions on plain arrays.
 *
 * <p>The server combines {@code K} reports as {@code w_global = Σ_k α_k w_k} with shares
 * {@code α_k = n_k / Σ_j n_j} (sample-weighted FedAvg) or {@code α_k = 1/K} (equal weights).
 * <ul>
 *   <li>{@link #share}: {@code α_k = n_k / Σ_j n_j}.</li>
 *   <li>{@link #shift}: replacing client {@code m}'s honest report {@code w_honest,m} by
 *       {@code w_m} under equal weights moves the average by
 *       {@code Δ = (w_m − w_honest,m) / K}.</li>
 *   <li>{@link #clippingBound}: if every report has norm at most {@code B}, then
 *       {@code ‖Δ‖ ≤ ‖w_m‖/K + ‖w_honest,m‖/K ≤ 2B/K}.</li>
 *   <li>{@link #replacementUpdate}: the model-replacement (scaling) attack of Bagdasaryan et al.,
 *       "How To Backdoor Federated Learning", AISTATS 2020: to make the average equal
 *       {@code w_target}, client {@code m} sends
 *       {@code w_m = (1/α_m)(w_target − Σ_{k≠m} α_k w_k)}, i.e.
 *       {@code K w_target − Σ_{k≠m} w_k} under equal weights.</li>
 * </ul>
 *
 * <p>Weights must be finite, non-negative and have a positive sum; reports must be finite and
 * (for vectors) all of one dimension. Violations throw {@code IllegalArgumentException} naming
 * the client index and the value. Inputs are never modified; sums run left to right.
 */
public final class Leverage {
    private Leverage() {}

    /**
     * All shares {@code α_k = weights[k] / Σ weights}.
     *
     * @param weights per-client weights (for FedAvg: example counts)
     * @return the shares, one per client, summing to 1 up to rounding
     * @throws IllegalArgumentException if a weight is negative or not finite, or the sum is not positive
     */
    public static double[] shares(double[] weights) {
        double total = checkedTotal(weights);
        double[] alpha = new double[weights.length];
        for (int k = 0; k < weights.length; k++) {
            alpha[k] = weights[k] / total;
        }
        return alpha;
    }

    /**
     * Client {@code k}'s share {@code α_k = weights[k] / Σ weights}.
     *
     * @param weights per-client weights
     * @param k       the client's index
     * @return {@code α_k}
     * @throws IllegalArgumentException for bad weights (see {@link #shares}) or {@code k} out of range
     */
    public static double share(double[] weights, int k) {
        double total = checkedTotal(weights);
        checkIndex("k", k, weights.length);
        return weights[k] / total;
    }

    /**
     * The shift {@code Δ = (wMalicious − wHonest) / K} of an equal-weighted average of {@code K}
     * reports when one report {@code wHonest} is replaced by {@code wMalicious}.
     *
     * @param wMalicious the report sent instead
     * @param wHonest    the report it replaces
     * @param K          the number of equal-weighted clients
     * @return {@code Δ}
     * @throws IllegalArgumentException if {@code K < 1} or a value is not finite
     */
    public static double shift(double wMalicious, double wHonest, int K) {
        checkK(K);
        checkFinite("wMalicious", wMalicious);
        checkFinite("wHonest", wHonest);
        return (wMalicious - wHonest) / K;
    }

    /**
     * The vector shift {@code Δ = (wMalicious − wHonest) / K}, coordinate by coordinate.
     *
     * @param wMalicious the update sent instead
     * @param wHonest    the update it replaces, of the same dimension
     * @param K          the number of equal-weighted clients
     * @return {@code Δ}, a new array
     * @throws IllegalArgumentException if {@code K < 1}, the dimensions differ or a value is not finite
     */
    public static double[] shift(double[] wMalicious, double[] wHonest, int K) {
        checkK(K);
        checkVector("wMalicious", wMalicious);
        checkVector("wHonest", wHonest);
        if (wMalicious.length != wHonest.length) {
            throw new IllegalArgumentException("wMalicious has dimension " + wMalicious.length
                    + " but wHonest has dimension " + wHonest.length + "; they must match");
        }
        double[] delta = new double[wHonest.length];
        for (int i = 0; i < delta.length; i++) {
            delta[i] = (wMalicious[i] - wHonest[i]) / K;
        }
        return delta;
    }

    /**
     * The bound {@code 2B/K} on {@code ‖Δ‖} when every report is clipped to norm {@code B}.
     *
     * @param B the clipping norm, finite and {@code >= 0}
     * @param K the number of equal-weighted clients, {@code >= 1}
     * @return {@code 2B/K}
     * @throws IllegalArgumentException for a bad {@code B} or {@code K}
     */
    public static double clippingBound(double B, int K) {
        checkK(K);
        Check.nonNegative("B", B);
        return 2 * B / K;
    }

    /**
     * The weighted average {@code Σ_k α_k values[k]} with {@code α_k = weights[k] / Σ weights}.
     *
     * @param values  one report per client
     * @param weights one weight per client
     * @return the weighted average
     * @throws IllegalArgumentException for bad weights, lengths that differ, or non-finite values
     */
    public static double weightedMean(double[] values, double[] weights) {
        double[] alpha = shares(weights);
        checkSameCount(values.length, weights.length);
        double acc = 0;
        for (int k = 0; k < values.length; k++) {
            checkFinite("value of client " + k, values[k]);
            acc += alpha[k] * values[k];
        }
        return acc;
    }

    /**
     * The weighted average of vectors, {@code Σ_k α_k updates[k]}, coordinate by coordinate.
     *
     * @param updates one row per client, all of one dimension
     * @param weights one weight per client
     * @return the weighted average, a new array
     * @throws IllegalArgumentException for bad weights, counts that differ, ragged rows or non-finite values
     */
    public static double[] weightedMean(double[][] updates, double[] weights) {
        double[] alpha = shares(weights);
        checkSameCount(updates.length, weights.length);
        int d = checkRows(updates);
        double[] acc = new double[d];
        for (int k = 0; k < updates.length; k++) {
            for (int i = 0; i < d; i++) {
                acc[i] += alpha[k] * updates[k][i];
            }
        }
        return acc;
    }

    /**
     * The report client {@code m} must send so that the weighted average equals {@code target}:
     * {@code w_m = (target − Σ_{k≠m} α_k updates[k]) / α_m}.
     *
     * @param target  the value the attacker wants the average to take
     * @param updates one report per client; {@code updates[m]} (what {@code m} would have sent
     *                honestly) is ignored
     * @param weights per-client weights; {@code weights[m]} must be positive
     * @param m       the attacker's index
     * @return the report {@code w_m}
     * @throws IllegalArgumentException for bad weights, a zero attacker weight, {@code m} out of
     *                                  range, lengths that differ or non-finite values
     */
    public static double replacementUpdate(double target, double[] updates, double[] weights, int m) {
        double[] alpha = shares(weights);
        checkSameCount(updates.length, weights.length);
        checkIndex("m", m, weights.length);
        checkAttackerWeight(alpha, weights, m);
        checkFinite("target", target);
        double others = 0;
        for (int k = 0; k < updates.length; k++) {
            if (k != m) {
                checkFinite("value of client " + k, updates[k]);
                others += alpha[k] * updates[k];
            }
        }
        return (target - others) / alpha[m];
    }

    /**
     * The vector form of {@link #replacementUpdate(double, double[], double[], int)}, coordinate
     * by coordinate; row {@code updates[m]} is ignored.
     *
     * @param target  the model the attacker wants the average to become
     * @param updates one update per client, each of the target's dimension (row {@code m} ignored)
     * @param weights one weight per client; {@code weights[m]} must be positive
     * @param m       the attacker's index
     * @return the update {@code w_m}, a new array
     * @throws IllegalArgumentException as the scalar form, or if the target's dimension differs
     */
    public static double[] replacementUpdate(double[] target, double[][] updates, double[] weights, int m) {
        double[] alpha = shares(weights);
        checkSameCount(updates.length, weights.length);
        checkIndex("m", m, weights.length);
        checkAttackerWeight(alpha, weights, m);
        checkVector("target", target);
        int d = target.length;
        for (int k = 0; k < updates.length; k++) {
            if (k == m) {
                continue;
            }
            if (updates[k] == null || updates[k].length != d) {
                throw new IllegalArgumentException("update of client " + k + " has dimension "
                        + (updates[k] == null ? "null" : updates[k].length) + "; the target has dimension " + d);
            }
            checkVector("update of client " + k, updates[k]);
        }
        double[] out = new double[d];
        for (int i = 0; i < d; i++) {
            double others = 0;
            for (int k = 0; k < updates.length; k++) {
                if (k != m) {
                    others += alpha[k] * updates[k][i];
                }
            }
            out[i] = (target[i] - others) / alpha[m];
        }
        return out;
    }

    /**
     * The equal-weight replacement report {@code K target − Σ_{k≠m} updates[k]} (the text's
     * "boost by K"), with {@code K = updates.length}; {@code updates[m]} is ignored.
     *
     * @param target  the value the attacker wants the average to take
     * @param updates one report per client
     * @param m       the attacker's index
     * @return the report {@code w_m}
     * @throws IllegalArgumentException if {@code m} is out of range or a value is not finite
     */
    public static double replacementUpdate(double target, double[] updates, int m) {
        checkIndex("m", m, updates.length);
        checkFinite("target", target);
        double others = 0;
        for (int k = 0; k < updates.length; k++) {
            if (k != m) {
                checkFinite("value of client " + k, updates[k]);
                others += updates[k];
            }
        }
        return updates.length * target - others;
    }

    /**
     * The Euclidean norm {@code sqrt(Σ v_i^2)}.
     *
     * @param v a vector
     * @return its norm
     */
    public static double norm(double[] v) {
        double acc = 0;
        for (double x : v) {
            acc += x * x;
        }
        return Math.sqrt(acc);
    }

    private static double checkedTotal(double[] weights) {
        if (weights == null || weights.length == 0) {
            throw new IllegalArgumentException("weights must hold at least one client's weight, got "
                    + (weights == null ? "null" : "an empty array"));
        }
        double total = 0;
        for (int k = 0; k < weights.length; k++) {
            double w = weights[k];
            Check.nonNegative("weight of client " + k, w);
            total += w;
        }
        if (!(total > 0) || Double.isInfinite(total)) {
            throw new IllegalArgumentException("weights sum to " + total
                    + "; the sum must be positive and finite (at least one client with weight > 0)");
        }
        return total;
    }

    private static void checkAttackerWeight(double[] alpha, double[] weights, int m) {
        if (!(alpha[m] > 0)) {
            throw new IllegalArgumentException("weight of attacker client " + m + " is " + weights[m]
                    + "; a client with share 0 cannot move the average (need weight > 0)");
        }
    }

    private static void checkIndex(String name, int index, int count) {
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException(name + " = " + index + " is not a client index; allowed 0.." + (count - 1));
        }
    }

    private static void checkK(int K) {
        if (K < 1) {
            throw new IllegalArgumentException("K = " + K + " clients; need K >= 1");
        }
    }

    private static void checkFinite(String name, double x) {
        Check.finite(name, x);
    }

    private static void checkVector(String name, double[] v) {
        if (v == null) {
            throw new IllegalArgumentException(name + " is null");
        }
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException(name + " has " + v[i] + " at coordinate " + i + "; it must be finite");
            }
        }
    }

    private static void checkSameCount(int values, int weights) {
        if (values != weights) {
            throw new IllegalArgumentException(values + " reports but " + weights
                    + " weights; need one weight per client");
        }
    }

    private static int checkRows(double[][] updates) {
        if (updates.length == 0) {
            throw new IllegalArgumentException("updates must hold at least one client's update");
        }
        for (int k = 0; k < updates.length; k++) {
            checkVector("update of client " + k, updates[k]);
        }
        int d = updates[0].length;
        for (int k = 1; k < updates.length; k++) {
            if (updates[k].length != d) {
                throw new IllegalArgumentException("update of client " + k + " has dimension "
                        + updates[k].length + " but client 0's has dimension " + d);
            }
        }
        return d;
    }
}
