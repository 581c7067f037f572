package org.fedpoison.attack.model;

import java.util.List;
import org.fedpoison.attack.Knowledge;
import org.fedpoison.core.ClientUpdate;
import org.fedpoison.core.ModelPoisoning;
import org.fedpoison.core.RoundContext;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Model replacement (the scaling attack): the malicious client solves the averaging equation for
 * its own contribution so that the new global model becomes the model it chooses.
 *
 * <p>FedAvg sets {@code w_global' = w_global + sum_k alpha_k delta_k} with weights
 * {@code alpha_k = n_k / sum_j n_j} (sample-weighted; {@code alpha_k = 1/K} for equal weights).
 * The server aggregates <em>deltas</em>, so the attacker's target model {@code w_target} is
 * written as the target delta {@code T = w_target - w_global}. Solving
 * {@code T = alpha_m delta_m + sum_{k != m} alpha_k delta_k} for client m gives
 * <pre>{@code delta_m = (1 / alpha_m) * (T - sum_{k != m} alpha_k delta_k)}</pre>
 * the text's {@code w_m = (1/alpha_m)(w_target - sum_{k != m} alpha_k w_k)} in delta form. Two
 * knowledge levels:
 * <ul>
 *   <li><b>exact</b> ({@link #exact}, {@link #exactOwnModel}; {@link Knowledge#BENIGN_UPDATES}): the
 *       attacker observes the other clients' updates of the round ({@link #needsPeers()} is true) and their example counts, so
 *       it knows every {@code alpha_k}; FedAvg then lands the global model on {@code w_target} to
 *       floating-point precision;</li>
 *   <li><b>estimated</b> ({@link #estimated}, {@link #boosted}, {@link #boostedBy};
 *       {@link Knowledge#OWN_UPDATE}): the attacker assumes the honest
 *       deltas roughly cancel near convergence ({@code sum_{k != m} alpha_k delta_k ~ 0}) and sends
 *       {@code delta_m = T / alpha_m}: it boosts by {@code gamma = 1/alpha_m} around the current
 *       global model (Bagdasaryan et al.'s {@code X~ = gamma (X - G) + G}). The attacker must know
 *       or estimate its weight {@code alpha_m = n_m / sum_j n_j}: given explicitly as the weight
 *       ({@link #boosted(double) boosted(alpha)}) or as the boost factor
 *       ({@link #boostedBy(double) boostedBy(gamma)}, {@code gamma = 1/alpha}), or, if not, taken as
 *       {@code 1 / ctx.numClients()} (equal shares, a boost by K).</li>
 * </ul>
 * The target is either a fixed parameter vector ({@code w_target}, e.g. a backdoored model trained
 * offline) or, for the {@code OwnModel}/{@link #boosted} variants, the model the client has just
 * trained on its (typically poisoned) local data, {@code T = honest.delta}.
 *
 * <p>The exact variant assumes it is the only client rewriting its update after seeing the
 * others: two exact replacers in one round each assume the other honest. One adversary with many
 * identities coordinates through {@link Sybils} ({@link #solveGroup}).
 *
 * <p>Settings: {@code target} parameters (any shape with the model's parameter count; every entry
 * finite, checked when the attack is built; not modified); {@code weighting} the server's FedAvg
 * weighting; {@code alpha} (the attacker's weight) in (0, 1], or {@code gamma} (the boost) finite
 * and {@code >= 1}.
 *
 * <p>Paper: Bagdasaryan, Veit, Hua, Estrin and Shmatikov, "How to backdoor federated learning"
 * (AISTATS 2020), Section 4; Bhagoji et al., "Analyzing federated learning through an adversarial
 * lens" (ICML 2019) for explicit boosting.
 */
public final class ModelReplacement implements ModelPoisoning {

    /** How the server weights client updates (must match the aggregator the attacker targets). */
    public enum Weighting {
        /** {@code alpha_k = n_k / sum_j n_j}: FedAvg's sample weighting (McMahan et al., 2017). */
        SAMPLE_WEIGHTED,
        /** {@code alpha_k = 1 / K}. */
        EQUAL
    }

    private final INDArray target;      // null: the client's own trained model
    private final boolean exact;
    private final Weighting weighting;  // exact only
    private final double alpha;         // estimated only; NaN: 1 / ctx.numClients()

    private ModelReplacement(INDArray target, boolean exact, Weighting weighting, double alpha) {
        if (target != null) {
            requireFinite(target);
        }
        this.target = target == null ? null : target.dup();
        this.exact = exact;
        this.weighting = weighting;
        this.alpha = alpha;
    }

    /** Lands the global model exactly on {@code targetParams}, knowing the honest updates of the round. */
    public static ModelReplacement exact(INDArray targetParams, Weighting weighting) {
        if (targetParams == null) {
            throw new IllegalArgumentException("ModelReplacement: targetParams is null, must be the parameters of the"
                    + " target model");
        }
        return new ModelReplacement(targetParams, true, checkWeighting(weighting), Double.NaN);
    }

    /** Lands the global model exactly on the client's own locally trained model. */
    public static ModelReplacement exactOwnModel(Weighting weighting) {
        return new ModelReplacement(null, true, checkWeighting(weighting), Double.NaN);
    }

    /** Boosts {@code targetParams - global} by {@code 1/alpha}, the attacker's estimate of its own FedAvg weight. */
    public static ModelReplacement estimated(INDArray targetParams, double alpha) {
        if (targetParams == null) {
            throw new IllegalArgumentException("ModelReplacement: targetParams is null, must be the parameters of the"
                    + " target model");
        }
        return new ModelReplacement(targetParams, false, null, checkAlpha(alpha));
    }

    /** Boosts {@code targetParams - global} by the round's client count K (weight estimated as 1/K). */
    public static ModelReplacement estimated(INDArray targetParams) {
        if (targetParams == null) {
            throw new IllegalArgumentException("ModelReplacement: targetParams is null, must be the parameters of the"
                    + " target model");
        }
        return new ModelReplacement(targetParams, false, null, Double.NaN);
    }

    /**
     * Boosts the client's own trained update by {@code gamma = 1/alpha}, given the attacker's
     * (estimated) FedAvg weight {@code alpha}; {@link #boostedBy(double)} takes the boost itself.
     *
     * @param alpha the attacker's weight {@code n_m / sum_j n_j}, in (0, 1] (not the boost factor)
     */
    public static ModelReplacement boosted(double alpha) {
        if (!(alpha > 0 && alpha <= 1)) {
            throw new IllegalArgumentException("ModelReplacement.boosted: alpha (the attacker's FedAvg weight; the"
                    + " boost is 1/alpha) is " + alpha + ", must be in (0, 1]"
                    + (alpha > 1 && Double.isFinite(alpha) ? "; for a boost factor of " + alpha + " use boostedBy("
                    + alpha + ")" : ""));
        }
        return new ModelReplacement(null, false, null, alpha);
    }

    /**
     * Boosts the client's own trained update by the factor {@code gamma}: {@code delta' = gamma * delta}
     * (Bagdasaryan et al.'s {@code gamma}; the same as {@code boosted(1 / gamma)}).
     *
     * @param gamma the boost factor, finite and {@code >= 1}
     */
    public static ModelReplacement boostedBy(double gamma) {
        if (!(gamma >= 1) || Double.isInfinite(gamma)) {
            throw new IllegalArgumentException("ModelReplacement.boostedBy: gamma (the boost factor) is " + gamma
                    + ", must be finite and >= 1" + (gamma > 0 && gamma < 1 ? "; for the attacker's weight alpha = "
                    + gamma + " use boosted(" + gamma + ")" : ""));
        }
        return new ModelReplacement(null, false, null, 1 / gamma);
    }

    /** Boosts the client's own trained update by the round's client count K. */
    public static ModelReplacement boosted() {
        return new ModelReplacement(null, false, null, Double.NaN);
    }

    private static Weighting checkWeighting(Weighting w) {
        if (w == null) {
            throw new IllegalArgumentException("weighting must not be null; use SAMPLE_WEIGHTED or EQUAL");
        }
        return w;
    }

    private static double checkAlpha(double alpha) {
        if (!(alpha > 0 && alpha <= 1)) {
            throw new IllegalArgumentException("ModelReplacement: alpha (the attacker's FedAvg weight; the boost is"
                    + " 1/alpha) is " + alpha + ", must be in (0, 1]");
        }
        return alpha;
    }

    private static void requireFinite(INDArray target) {
        double[] v = target.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).dup('c').reshape(target.length())
                .toDoubleVector();
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException("ModelReplacement: targetParams[" + i + "] is " + v[i]
                        + ", every entry must be finite (a non-finite target would make the attacker's update"
                        + " non-finite, and the simulation would drop it every round)");
            }
        }
    }

    @Override
    public boolean needsPeers() {
        return exact;
    }

    public boolean isExact() {
        return exact;
    }

    /** The attack-knowledge model: {@link Knowledge#BENIGN_UPDATES} for the exact variants, else {@link Knowledge#OWN_UPDATE}. */
    public Knowledge knowledge() {
        return exact ? Knowledge.BENIGN_UPDATES : Knowledge.OWN_UPDATE;
    }

    /** The target delta {@code T = w_target - global}, or the honest delta for the own-model variants. */
    INDArray targetDelta(ClientUpdate honest, INDArray global) {
        if (target == null) {
            return honest.delta();
        }
        if (target.length() != global.length()) {
            throw new IllegalArgumentException("target has " + target.length() + " parameters, the model has "
                    + global.length());
        }
        return target.reshape(global.shape()).castTo(global.dataType()).sub(global);
    }

    @Override
    public ClientUpdate poison(ClientUpdate honest, RoundContext ctx) {
        INDArray t = targetDelta(honest, ctx.global()).reshape(honest.delta().shape());
        if (exact) {
            return honest.withDelta(solveGroup(t, ctx.peerUpdates(), honest.numExamples(), 1, weighting));
        }
        double a = Double.isNaN(alpha) ? 1.0 / ctx.numClients() : alpha;
        return honest.withDelta(t.div(a));
    }

    /**
     * The delta a single attacker with {@code ownExamples} examples must send so that FedAvg with
     * {@code weighting} over {@code others} and the attacker yields exactly {@code targetDelta}:
     * {@code (1/alpha_m)(T - sum_{k != m} alpha_k delta_k)}. Inputs are not modified.
     */
    public static INDArray solve(INDArray targetDelta, List<ClientUpdate> others, long ownExamples,
                                 Weighting weighting) {
        return solveGroup(targetDelta, others, ownExamples, 1, weighting);
    }

    /**
     * The delta each of {@code groupSize} identities (each reporting {@code examplesEach}) must
     * send, all the same, so that FedAvg over {@code others} plus the group yields exactly
     * {@code targetDelta}: with the group's total weight {@code alpha_S},
     * {@code delta = (1/alpha_S)(T - sum_{k not in S} alpha_k delta_k)}. Inputs are not modified.
     */
    public static INDArray solveGroup(INDArray targetDelta, List<ClientUpdate> others, long examplesEach,
                                      int groupSize, Weighting weighting) {
        if (groupSize < 1) {
            throw new IllegalArgumentException("groupSize is " + groupSize + ", must be >= 1");
        }
        if (weighting == null) {
            throw new IllegalArgumentException("weighting must not be null; use SAMPLE_WEIGHTED or EQUAL");
        }
        Vectors.checkLengths(others, targetDelta.length());
        double total;
        double groupWeight;
        if (weighting == Weighting.EQUAL) {
            total = others.size() + groupSize;
            groupWeight = groupSize;
        } else {
            if (examplesEach <= 0) {
                throw new IllegalArgumentException("examplesEach is " + examplesEach
                        + ", must be > 0: an attacker with no examples has no weight under sample weighting");
            }
            total = (double) examplesEach * groupSize;
            for (ClientUpdate u : others) {
                total += u.numExamples();
            }
            groupWeight = (double) examplesEach * groupSize;
        }
        INDArray rest = targetDelta.dup();
        for (ClientUpdate u : others) {
            double a = weighting == Weighting.EQUAL ? 1.0 / total : u.numExamples() / total;
            rest.subi(u.delta().reshape(targetDelta.shape()).castTo(targetDelta.dataType()).mul(a));
        }
        return rest.muli(total / groupWeight);
    }

    @Override
    public String name() {
        String t = target == null ? "own model" : "target";
        if (exact) {
            return "ModelReplacement(exact, " + t + ", " + weighting + ")";
        }
        return "ModelReplacement(" + t + ", boost " + (Double.isNaN(alpha) ? "K" : String.valueOf(1 / alpha)) + ")";
    }

    @Override
    public String toString() {
        return name();
    }
}
