package org.fedpoison.fl;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.fedpoison.core.Metric;
import org.fedpoison.util.FlatVectors;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The outcome of one federated round: the global model's quality on the test set after the
 * round, the extra metrics, what the server saw of each sampled client, and which updates were
 * dropped as non-finite.
 *
 * <p>Equality is exact: two records are equal when every number is bit-for-bit equal (NaN equals
 * NaN), which is what the determinism guarantee of {@link Simulation} promises.
 *
 * @param round             the round number, from 0
 * @param accuracy          test accuracy of the global model after the round
 * @param loss              mean test cross-entropy after the round
 * @param perClassAccuracy  test accuracy per class after the round ({@code NaN} for an absent class)
 * @param metrics           each {@link Metric}'s value after the round, in the order the metrics were added
 * @param clients           one record per sampled client, in client-id order (dropped clients included)
 * @param droppedClients    ids of the clients whose update was dropped because it held NaN or infinity
 * @param globalAfter       the global parameters after the round, or null unless the simulation keeps them
 * @param rejection         null when the round's aggregate was applied; otherwise why the round could not be
 *                          aggregated ({@link RoundRejection}: a typed reason, the aggregator, a message), in
 *                          which case the global model after the round is the one before it
 */
public record RoundRecord(int round, double accuracy, double loss, double[] perClassAccuracy,
                          Map<String, Double> metrics, List<ClientRecord> clients, List<Integer> droppedClients,
                          INDArray globalAfter, RoundRejection rejection) {
    /** Copies the arrays, map and lists, so the record is immutable. */
    public RoundRecord {
        perClassAccuracy = perClassAccuracy.clone();
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        clients = List.copyOf(clients);
        droppedClients = List.copyOf(droppedClients);
    }

    /** A record of a round whose aggregate was applied ({@code rejection} null). */
    public RoundRecord(int round, double accuracy, double loss, double[] perClassAccuracy, Map<String, Double> metrics,
                       List<ClientRecord> clients, List<Integer> droppedClients, INDArray globalAfter) {
        this(round, accuracy, loss, perClassAccuracy, metrics, clients, droppedClients, globalAfter, null);
    }

    /** Whether the round could not be aggregated and kept the global model it had (see {@link #rejection()}). */
    public boolean aggregateRejected() {
        return rejection != null;
    }

    /** A copy of the per-class accuracies. */
    @Override
    public double[] perClassAccuracy() {
        return perClassAccuracy.clone();
    }

    /** A copy of the global parameters after the round, or null if they were not kept. */
    @Override
    public INDArray globalAfter() {
        return globalAfter == null ? null : globalAfter.dup();
    }

    /** The value of metric {@code name} after this round. */
    public double metric(String name) {
        Double v = metrics.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no metric named '" + name + "'; this history has " + metrics.keySet());
        }
        return v;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RoundRecord r)) {
            return false;
        }
        return round == r.round && Double.compare(accuracy, r.accuracy) == 0 && Double.compare(loss, r.loss) == 0
                && Arrays.equals(perClassAccuracy, r.perClassAccuracy) && metrics.equals(r.metrics)
                && clients.equals(r.clients) && droppedClients.equals(r.droppedClients)
                && sameParams(globalAfter, r.globalAfter) && Objects.equals(rejection, r.rejection);
    }

    static boolean sameParams(INDArray a, INDArray b) {
        if (a == null || b == null) {
            return a == b;
        }
        return Arrays.equals(FlatVectors.toArray(a), FlatVectors.toArray(b));
    }

    @Override
    public int hashCode() {
        return Objects.hash(round, accuracy, loss, Arrays.hashCode(perClassAccuracy), metrics, clients, droppedClients, rejection);
    }

    @Override
    public String toString() {
        return String.format("RoundRecord[round=%d, accuracy=%.4f, loss=%.4f, metrics=%s, clients=%d, dropped=%s%s]",
                round, accuracy, loss, metrics, clients.size(), droppedClients,
                rejection == null ? "" : ", " + rejection);
    }
}
