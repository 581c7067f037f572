package org.fedpoison.attack.sybil;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.fedpoison.attack.MaliciousClient;
import org.fedpoison.attack.Schedule;
import org.fedpoison.attack.model.ModelReplacement;
import org.fedpoison.core.Aggregator;
import org.fedpoison.core.Client;
import org.fedpoison.core.ClientUpdate;
import org.fedpoison.core.DataPoisoning;
import org.fedpoison.core.Dataset;
import org.fedpoison.core.ModelPoisoning;
import org.fedpoison.core.TrainConfig;
import org.fedpoison.util.Seeds;
import org.fedpoison.util.Shuffle;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Sybil amplification: one adversary behind {@code s} client identities. Among {@code K} clients
 * of a round its equal-weight share is {@code s / K} instead of {@code 1 / K}, so it can outvote
 * rules that assume an honest majority (the coordinate-wise median breaks once the sybils hold
 * half the inputs).
 *
 * <p>Two ways to field sybils in a simulation:
 * <ul>
 *   <li>{@link #crafted}: every identity sends the same crafted delta ({@link Craft}), optionally
 *       plus a small seeded perturbation {@code N(0, sigma^2 I)} per identity so the copies are not
 *       identical (which a similarity defense such as FoolsGold would spot);</li>
 *   <li>{@link #splitData}: one (poisoned) dataset is split across the identities, each a
 *       {@link MaliciousClient} training on its share.</li>
 * </ul>
 *
 * <p>How many identities does it take? {@link #cheapestBreaking} answers for a given aggregator,
 * honest updates, craft and {@link AdmissionCost}. <b>Definition of "breaks":</b> the adversary
 * breaks an aggregator with {@code s} identities if, in one round, the new global model lands
 * within {@code epsilon} of its target: {@code ||w_global + agg(honest + s crafted) - w_target||_2
 * <= epsilon}. The cheapest {@code s} is the smallest such {@code s} (searched upward from 1, so it
 * assumes more identities never hurt the adversary), and it is affordable if
 * {@code s * c <= budget}.
 *
 * <p>This class is the one entry point; the parts live beside it, package-private: the crafts in
 * {@code Crafts}, the identities in {@code SybilIdentity}, the break search in {@code BreakSearch}.
 *
 * <p>Paper: Douceur, "The Sybil attack" (IPTPS 2002); Fung, Yoon and Beschastnikh,
 * "The limitations of federated learning in sybil settings" (RAID 2020).
 */
public final class Sybils {
    private Sybils() {}

    /** How each sybil identity computes its delta in a round; all identities compute the same one. */
    public interface Craft {
        /**
         * @param global       the current global parameters (not modified)
         * @param honest       the honest updates the adversary knows (empty unless {@link #needsPeers()})
         * @param groupSize    s, the number of sybil identities in the round
         * @param examplesEach the example count each identity reports
         * @return the delta every identity sends (a new array)
         */
        INDArray delta(INDArray global, List<ClientUpdate> honest, int groupSize, long examplesEach);

        /** Whether the craft needs the round's honest updates. */
        default boolean needsPeers() {
            return false;
        }

        /** A short name for tables. */
        String name();
    }

    /** Every identity sends {@code w_target - w_global}: the plain copies attack that outvotes median-like rules. */
    public static Craft towards(INDArray targetParams) {
        return Crafts.towards(targetParams);
    }

    /**
     * Every identity sends the group model-replacement delta
     * {@code (1/alpha_S)(T - sum_{honest} alpha_k delta_k)} ({@link ModelReplacement#solveGroup}),
     * which lands FedAvg with {@code weighting} exactly on {@code w_target}.
     */
    public static Craft replacement(INDArray targetParams, ModelReplacement.Weighting weighting) {
        return Crafts.replacement(targetParams, weighting);
    }

    /**
     * {@code craft}'s direction at a fixed length: every identity sends
     * {@code norm · d / ||d||} where {@code d} is {@code craft}'s delta (a zero delta stays zero). With
     * {@code norm} set to a typical honest update norm, the sybils pass a norm screen or clipping that
     * would stop the full-size delta: they win by numbers, not by size.
     *
     * @throws IllegalArgumentException if {@code craft} is null or {@code norm} is not positive and finite
     */
    public static Craft scaledTo(Craft craft, double norm) {
        return Crafts.scaledTo(craft, norm);
    }

    /** The equal-weight share of {@code s} sybils among {@code s + honest} clients: {@code s / (s + honest)}. */
    public static double weight(int s, int honest) {
        if (s < 0 || honest < 0 || s + honest == 0) {
            throw new IllegalArgumentException("s = " + s + " and honest = " + honest
                    + " must be >= 0 with at least one client");
        }
        return (double) s / (s + honest);
    }

    /**
     * {@code s} identities with ids {@code firstId .. firstId + s - 1}, each reporting
     * {@code examplesEach} examples. In an active round each sends {@code craft}'s delta plus, if
     * {@code perturbSigma > 0}, noise {@code N(0, perturbSigma^2 I)} drawn from
     * {@code Seeds.derive(seed, round, index)}; in an inactive round it sends a zero delta (it has
     * no data to train on).
     */
    public static List<Client> crafted(int firstId, int s, long examplesEach, Craft craft, double perturbSigma,
                                       Schedule schedule, long seed) {
        if (s < 1) {
            throw new IllegalArgumentException("s is " + s + ", must be >= 1");
        }
        if (examplesEach < 0) {
            throw new IllegalArgumentException("examplesEach is " + examplesEach + ", must be >= 0");
        }
        if (craft == null) {
            throw new IllegalArgumentException("craft must not be null");
        }
        if (!(perturbSigma >= 0) || Double.isInfinite(perturbSigma)) {
            throw new IllegalArgumentException("perturbSigma is " + perturbSigma + ", must be >= 0 and finite");
        }
        if (schedule == null) {
            throw new IllegalArgumentException("schedule must not be null");
        }
        List<Client> out = new ArrayList<>(s);
        for (int i = 0; i < s; i++) {
            out.add(new SybilIdentity(firstId + i, i, s, examplesEach, craft, perturbSigma, schedule, seed));
        }
        return List.copyOf(out);
    }

    /**
     * A builder with named settings for {@link #crafted}, for example
     * {@code Sybils.group(Sybils.towards(target)).identities(21).firstId(100).examplesEach(72).build()}.
     * Defaults: ids from 1000, 1 example each, no perturbation, active in every round, seed 0.
     */
    public static Group group(Craft craft) {
        return new Group(craft);
    }

    /** Named settings of a group of crafted sybils; see {@link #group}. */
    public static final class Group {
        private final Craft craft;
        private int identities = 1;
        private int firstId = 1000;
        private long examplesEach = 1;
        private double perturbSigma = 0;
        private Schedule schedule = Schedule.always();
        private long seed = 0;

        private Group(Craft craft) {
            this.craft = craft;
        }

        /** The number s of identities, >= 1. */
        public Group identities(int s) {
            this.identities = s;
            return this;
        }

        /** The first identity's client id; the others follow (pick ids no honest client has). */
        public Group firstId(int id) {
            this.firstId = id;
            return this;
        }

        /** The example count each identity reports, >= 0 (match the honest clients' to look like one). */
        public Group examplesEach(long n) {
            this.examplesEach = n;
            return this;
        }

        /** Standard deviation of the per-identity noise added to the crafted delta, >= 0 (0: identical copies). */
        public Group perturbSigma(double sigma) {
            this.perturbSigma = sigma;
            return this;
        }

        /** When the sybils attack; in other rounds they send zero deltas. */
        public Group schedule(Schedule s) {
            this.schedule = s;
            return this;
        }

        /** Seed of the perturbation noise. */
        public Group seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The identities, as {@link #crafted} builds them (and validates the settings). */
        public List<Client> build() {
            return crafted(firstId, identities, examplesEach, craft, perturbSigma, schedule, seed);
        }
    }

    /**
     * One dataset split across {@code s} identities: its examples are shuffled with {@code seed}
     * and cut into {@code s} parts of sizes differing by at most one; identity {@code i} (id
     * {@code firstId + i}) is a {@link MaliciousClient} holding part {@code i}, poisoning it with
     * {@code dataPoisoning} and rewriting its update with {@code modelPoisoning} (either may be null),
     * training with {@code train} (null: the simulation's settings).
     */
    public static List<MaliciousClient> splitData(int firstId, int s, Dataset data, DataPoisoning dataPoisoning,
                                                  ModelPoisoning modelPoisoning, TrainConfig train,
                                                  Schedule schedule, long seed) {
        if (s < 1 || data == null || s > data.size()) {
            throw new IllegalArgumentException("s is " + s + ", must be in [1, " + (data == null ? 0 : data.size())
                    + "] (one example per identity at least)");
        }
        int n = data.size();
        int[] perm = Shuffle.permutation(n, new SplittableRandom(seed));
        List<MaliciousClient> out = new ArrayList<>(s);
        int start = 0;
        for (int i = 0; i < s; i++) {
            int len = n / s + (i < n % s ? 1 : 0);
            int[] part = java.util.Arrays.copyOfRange(perm, start, start + len);
            java.util.Arrays.sort(part);
            start += len;
            MaliciousClient.Builder b = MaliciousClient.builder(firstId + i, data.subset(part))
                    .dataPoisoning(dataPoisoning).modelPoisoning(modelPoisoning).schedule(schedule).seed(seed);
            if (train != null) {
                b.train(train);
            }
            out.add(b.build());
        }
        return List.copyOf(out);
    }

    /**
     * The outcome of a sybil search.
     *
     * @param sybils   the smallest s that breaks the aggregator
     * @param cost     {@code s * c}
     * @param distance {@code ||w_global' - w_target||_2} reached with s identities
     * @param weight   the sybils' equal-weight share {@code s / (s + K_honest)}
     */
    public record Break(int sybils, double cost, double distance, double weight) {}

    /**
     * The distance {@code ||w_global + agg(honest + s crafted) - w_target||_2} after one round with
     * {@code s} sybils, for {@code s = 0 .. maxS} (index s). Sybil ids follow the largest honest id.
     * {@code aggregator.reset()} is called before each aggregation.
     */
    public static double[] distances(Aggregator aggregator, INDArray global, List<ClientUpdate> honest,
                                     INDArray targetParams, Craft craft, long examplesEach, int maxS) {
        return BreakSearch.distances(aggregator, global, honest, targetParams, craft, examplesEach, maxS);
    }

    /**
     * The cheapest number of sybils that breaks {@code aggregator} (see the class comment for the
     * definition), searching {@code s = 1 .. min(maxS, cost.maxIdentities())}; empty if none within
     * the budget and {@code maxS} does.
     */
    public static Optional<Break> cheapestBreaking(Aggregator aggregator, INDArray global, List<ClientUpdate> honest,
                                                   INDArray targetParams, double epsilon, Craft craft,
                                                   long examplesEach, AdmissionCost cost, int maxS) {
        return BreakSearch.cheapestBreaking(aggregator, global, honest, targetParams, epsilon, craft, examplesEach, cost, maxS);
    }
}
