package org.fedpoison.fl;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.fedpoison.core.Aggregator;
import org.fedpoison.core.Client;
import org.fedpoison.core.Dataset;
import org.fedpoison.core.Metric;
import org.fedpoison.core.Model;
import org.fedpoison.core.TrainConfig;
import org.fedpoison.util.Check;
import org.fedpoison.util.FlatVectors;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The validated settings of a {@link Simulation}, as {@link Simulation#builder()} collects them.
 * The compact constructor checks everything that is knowable before round 0 and throws an
 * {@link IllegalArgumentException} naming the first invalid setting, its value and what is
 * allowed: the model, the clients (at least one; ids unique and {@code >= 0}), the test set
 * (examples, finite features, the model's input dimension), rounds, clients per round (or the
 * fraction they come from) against the clients and against the aggregator's
 * {@link Aggregator#minUpdates()}, every client's schedule against the rounds
 * ({@link Client#checkRounds(int)}), threads, metric names, and the initial
 * parameters (their size, finite in float32, a finite test loss).
 *
 * @param model            the architecture
 * @param clients          the participants, in the order given (the simulation sorts them by id)
 * @param test             the test set, evaluated after every round
 * @param aggregator       the rule
 * @param rounds           rounds to run, {@code >= 1}; numbered from 0
 * @param clientsPerRound  clients sampled per round, in {@code [1, clients]}; null for all of them (or the
 *                         {@code fraction}); after construction always set
 * @param fraction         the share of clients per round it was derived from, in {@code (0, 1]}, or null
 * @param train            local training settings for clients without their own
 * @param seed             the seed of everything random in the run
 * @param threads          threads for the clients and the aggregator, {@code >= 1}
 * @param metrics          measurements after every round, unique names
 * @param dropNonFinite    whether non-finite updates and aggregates are kept out of the global model
 * @param initialParams    starting global parameters, or null for {@code model.init(seed)}; after
 *                         construction always set, as a float32 flat copy (read-only)
 * @param onRound          called after each round on the calling thread, or null
 * @param keepParams       whether each round's global parameters are kept in its record
 * @param roundPolicy      what to do with a round that cannot be aggregated
 */
public record SimulationSettings(Model model, List<Client> clients, Dataset test, Aggregator aggregator, int rounds,
                                 Integer clientsPerRound, Double fraction, TrainConfig train, long seed, int threads,
                                 List<Metric> metrics, boolean dropNonFinite, INDArray initialParams,
                                 Consumer<RoundRecord> onRound, boolean keepParams, RoundPolicy roundPolicy) {

    /** Validates and resolves {@code clientsPerRound} and {@code initialParams}. */
    public SimulationSettings {
        if (model == null) {
            throw new IllegalArgumentException("model is not set; call .model(Mlp.of(...)) or .model(SoftmaxRegression.of(...))");
        }
        if (clients == null || clients.isEmpty()) {
            throw new IllegalArgumentException("clients is " + (clients == null ? "not set" : "empty")
                    + ", needs at least 1 client");
        }
        Set<Integer> ids = new HashSet<>();
        for (Client c : clients) {
            if (c == null) {
                throw new IllegalArgumentException("clients contains null");
            }
            if (c.id() < 0) {
                throw new IllegalArgumentException("client id " + c.id() + " is negative, must be >= 0 (ids name the"
                        + " clients' seeds, Seeds.derive(seed, round, id); -1 is the server's sampling stream)");
            }
            if (!ids.add(c.id())) {
                throw new IllegalArgumentException("client id " + c.id() + " appears twice; ids must be unique");
            }
        }
        clients = List.copyOf(clients);
        if (test == null) {
            throw new IllegalArgumentException("test is not set; call .test(dataset)");
        }
        if (test.size() == 0) {
            throw new IllegalArgumentException("test has 0 examples, must have at least 1 (accuracy and loss of an"
                    + " empty test set are undefined)");
        }
        FiniteChecks.requireFiniteFeatures("test", test);
        if (test.dim() != model.inputDim()) {
            throw new IllegalArgumentException("test has " + test.dim() + " features per example, the model "
                    + model.name() + " expects " + model.inputDim());
        }
        Check.notNull("aggregator", aggregator, "an Aggregator such as FedAvg.sampleWeighted()");
        Check.atLeast("rounds", rounds, 1);
        int k = clients.size();
        if (clientsPerRound != null && fraction != null) {
            throw new IllegalArgumentException("clientsPerRound (" + clientsPerRound + ") and fraction (" + fraction
                    + ") are both set; set one");
        }
        int perRound = k;
        if (clientsPerRound != null) {
            if (clientsPerRound < 1 || clientsPerRound > k) {
                throw Check.invalid("clientsPerRound", clientsPerRound, "in [1, " + k + "] (the number of clients)");
            }
            perRound = clientsPerRound;
        }
        if (fraction != null) {
            Check.inOpenClosed("fraction", fraction, 0, 1);
            perRound = (int) Math.max(1, Math.round(fraction * k));
        }
        clientsPerRound = perRound;
        int needed = aggregator.minUpdates();
        if (perRound < needed) {
            throw new IllegalArgumentException("aggregator " + aggregator.name() + " needs at least " + needed
                    + " updates per round (Aggregator.minUpdates()), but clientsPerRound is " + perRound
                    + (fraction != null ? " (fraction " + fraction + " of " + k + " clients)" : "")
                    + "; sample at least " + needed + " clients per round, or tolerate fewer attackers");
        }
        for (Client c : clients) {
            c.checkRounds(rounds);
        }
        Check.notNull("train", train, "a TrainConfig such as TrainConfig.defaults()");
        Check.atLeast("threads", threads, 1);
        Check.notNull("metrics", metrics, "a list of metrics (may be empty)");
        Set<String> names = new HashSet<>();
        for (Metric m : metrics) {
            if (m == null) {
                throw new IllegalArgumentException("metric is null");
            }
            if (!names.add(m.name())) {
                throw new IllegalArgumentException("metric name '" + m.name() + "' is used twice; names must be unique");
            }
        }
        metrics = List.copyOf(metrics);
        Check.notNull("roundPolicy", roundPolicy, "RoundPolicy.SKIP_ROUND or RoundPolicy.STOP");
        if (initialParams != null) {
            initialParams = checkedInitialParams(model, test, initialParams);
        } else {
            initialParams = model.init(seed).reshape(model.numParams());
        }
    }

    /** The clients per round as a number (the same as {@link #clientsPerRound()}). */
    public int perRound() {
        return clientsPerRound;
    }

    /** A float32 flat copy of {@code given}, checked: size, finite entries in float32, a finite test loss. */
    private static INDArray checkedInitialParams(Model model, Dataset test, INDArray given) {
        if (given.length() != model.numParams()) {
            throw new IllegalArgumentException("initialParams has " + given.length() + " entries, the model "
                    + model.name() + " has " + model.numParams() + " parameters");
        }
        INDArray init = given.castTo(DataType.FLOAT).dup('c').reshape(model.numParams());
        double[] v = given.dup('c').ravel().castTo(DataType.DOUBLE).toDoubleVector();
        float[] f = FlatVectors.toArray(init);
        double maxAbs = 0;
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException("initialParams[" + i + "] is " + v[i]
                        + ", every entry must be finite (no NaN or infinity)");
            }
            if (!Float.isFinite(f[i])) {
                throw new IllegalArgumentException("initialParams[" + i + "] is " + v[i] + ", which overflows float32;"
                        + " every entry must be finite with |value| <= " + Float.MAX_VALUE);
            }
            maxAbs = Math.max(maxAbs, Math.abs(f[i]));
        }
        double loss = model.evaluate(init, test).loss();
        if (!Double.isFinite(loss)) {
            throw new IllegalArgumentException("initialParams give the model " + model.name() + " a test loss of "
                    + loss + " (largest |value| " + maxAbs + "); must give a finite loss, use values of moderate size");
        }
        return init;
    }
}
