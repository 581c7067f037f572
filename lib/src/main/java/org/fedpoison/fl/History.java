package org.fedpoison.fl;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.fedpoison.core.Metric;
import org.nd4j.linalg.api.ndarray.INDArray;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Table;

/**
 * The immutable result of {@link Simulation#run()}: one {@link RoundRecord} per round plus the
 * initial and final global parameters. Tables ({@link #toTable()}, {@link #clientTable()}) and
 * charts ({@code org.fedpoison.plot.Plots}) are derived from it.
 *
 * <p>Equality is exact (bit for bit, see {@link RoundRecord}); the wall-clock timings
 * ({@link #trainSeconds()}) are not part of it.
 */
public final class History {
    private final String description;
    private final List<RoundRecord> rounds;
    private final INDArray initialParams;
    private final INDArray finalParams;
    private final double[] trainSeconds;
    private final boolean stopped;

    /**
     * @param description   what was simulated (model, aggregator, clients), for titles
     * @param rounds        the rounds in order
     * @param initialParams the global parameters before round 0 (kept, not copied: do not modify)
     * @param finalParams   the global parameters after the last round (kept, not copied: do not modify)
     * @param trainSeconds  wall-clock seconds of each round's training and aggregation
     */
    public History(String description, List<RoundRecord> rounds, INDArray initialParams, INDArray finalParams,
                   double[] trainSeconds) {
        this(description, rounds, initialParams, finalParams, trainSeconds, false);
    }

    /**
     * @param description   what was simulated (model, aggregator, clients), for titles
     * @param rounds        the rounds in order
     * @param initialParams the global parameters before round 0 (kept, not copied: do not modify)
     * @param finalParams   the global parameters after the last round (kept, not copied: do not modify)
     * @param trainSeconds  wall-clock seconds of each round's training and aggregation
     * @param stopped       whether the run ended at its last round because that round could not be
     *                      aggregated ({@link RoundPolicy#STOP})
     */
    public History(String description, List<RoundRecord> rounds, INDArray initialParams, INDArray finalParams,
                   double[] trainSeconds, boolean stopped) {
        if (stopped && (rounds.isEmpty() || !rounds.get(rounds.size() - 1).aggregateRejected())) {
            throw new IllegalArgumentException("stopped is true, but the last round was aggregated; a run stops only"
                    + " at a round that could not be aggregated");
        }
        this.stopped = stopped;
        this.description = description;
        this.rounds = List.copyOf(rounds);
        this.initialParams = initialParams;
        this.finalParams = finalParams;
        this.trainSeconds = trainSeconds.clone();
    }

    /** What was simulated, e.g. {@code "mlp(64-32-10), FedAvg, 10 clients"}. */
    public String description() {
        return description;
    }

    /** The rounds in order. */
    public List<RoundRecord> rounds() {
        return rounds;
    }

    /** Number of rounds. */
    public int numRounds() {
        return rounds.size();
    }

    /** The last round's record. */
    public RoundRecord last() {
        if (rounds.isEmpty()) {
            throw new IllegalStateException("the history has no rounds");
        }
        return rounds.get(rounds.size() - 1);
    }

    /** The global parameters before the first round (a copy). */
    public INDArray initialParams() {
        return initialParams.dup();
    }

    /** The global parameters after the last round (a copy). */
    public INDArray finalParams() {
        return finalParams.dup();
    }

    /** Test accuracy after each round. */
    public double[] accuracy() {
        return rounds.stream().mapToDouble(RoundRecord::accuracy).toArray();
    }

    /** Test loss after each round. */
    public double[] loss() {
        return rounds.stream().mapToDouble(RoundRecord::loss).toArray();
    }

    /** The names of the extra metrics, in the order they were added. */
    public Set<String> metricNames() {
        return rounds.isEmpty() ? Set.of() : new LinkedHashSet<>(rounds.get(0).metrics().keySet());
    }

    /** Metric {@code name} after each round. */
    public double[] metric(String name) {
        if (!metricNames().contains(name)) {
            throw new IllegalArgumentException("no metric named '" + name + "'; this history has " + metricNames());
        }
        return rounds.stream().mapToDouble(r -> r.metric(name)).toArray();
    }

    /** Number of dropped (non-finite) updates in each round. */
    public int[] droppedCounts() {
        return rounds.stream().mapToInt(r -> r.droppedClients().size()).toArray();
    }

    /**
     * The round at which the run stopped because it could not be aggregated ({@link RoundPolicy#STOP}),
     * or empty when it ran every round it could.
     */
    public java.util.OptionalInt stoppedAt() {
        return stopped ? java.util.OptionalInt.of(last().round()) : java.util.OptionalInt.empty();
    }

    /** The rounds that could not be aggregated (the global model was kept; {@link RoundRecord#rejection()} says why), in order. */
    public int[] rejectedRounds() {
        return rounds.stream().filter(RoundRecord::aggregateRejected).mapToInt(RoundRecord::round).toArray();
    }

    /** Wall-clock seconds of each round's local training and aggregation (evaluation excluded; not deterministic). */
    public double[] trainSeconds() {
        return trainSeconds.clone();
    }

    /**
     * One row per round: {@code round, accuracy, loss}, one column per metric, {@code dropped}
     * (the number of non-finite updates dropped), and, only when some round could not be aggregated,
     * {@code aggregate_rejected} (true for those rounds, whose global model was kept; the reason is in
     * {@link RoundRecord#rejection()}).
     */
    public Table toTable() {
        IntColumn round = IntColumn.create("round");
        DoubleColumn acc = DoubleColumn.create("accuracy");
        DoubleColumn loss = DoubleColumn.create("loss");
        List<DoubleColumn> metricCols = new ArrayList<>();
        for (String m : metricNames()) {
            metricCols.add(DoubleColumn.create(m));
        }
        IntColumn dropped = IntColumn.create("dropped");
        for (RoundRecord r : rounds) {
            round.append(r.round());
            acc.append(r.accuracy());
            loss.append(r.loss());
            for (DoubleColumn col : metricCols) {
                col.append(r.metric(col.name()));
            }
            dropped.append(r.droppedClients().size());
        }
        Table t = Table.create(description, round, acc, loss);
        metricCols.forEach(t::addColumns);
        t.addColumns(dropped);
        if (rejectedRounds().length > 0) {
            BooleanColumn rejected = BooleanColumn.create("aggregate_rejected");
            rounds.forEach(r -> rejected.append(r.aggregateRejected()));
            t.addColumns(rejected);
        }
        return t;
    }

    /**
     * One row per round and sampled client: {@code round, client, malicious, norm,
     * cosine_to_others, weight, examples, dropped}.
     */
    public Table clientTable() {
        IntColumn round = IntColumn.create("round");
        IntColumn client = IntColumn.create("client");
        BooleanColumn malicious = BooleanColumn.create("malicious");
        DoubleColumn norm = DoubleColumn.create("norm");
        DoubleColumn cos = DoubleColumn.create("cosine_to_others");
        DoubleColumn weight = DoubleColumn.create("weight");
        LongColumn examples = LongColumn.create("examples");
        BooleanColumn dropped = BooleanColumn.create("dropped");
        for (RoundRecord r : rounds) {
            for (ClientRecord c : r.clients()) {
                round.append(r.round());
                client.append(c.clientId());
                malicious.append(c.malicious());
                norm.append(c.norm());
                cos.append(c.cosineToOthers());
                weight.append(c.weight());
                examples.append(c.numExamples());
                dropped.append(r.droppedClients().contains(c.clientId()));
            }
        }
        return Table.create(description + " (clients)", round, client, malicious, norm, cos, weight, examples, dropped);
    }

    /** One row per round, one column per class: the test accuracy of each class after the round. */
    public Table perClassTable() {
        IntColumn round = IntColumn.create("round");
        Table t = Table.create(description + " (per class)", round);
        int classes = rounds.isEmpty() ? 0 : rounds.get(0).perClassAccuracy().length;
        List<DoubleColumn> cols = new ArrayList<>();
        for (int k = 0; k < classes; k++) {
            cols.add(DoubleColumn.create("class_" + k));
        }
        for (RoundRecord r : rounds) {
            round.append(r.round());
            double[] pc = r.perClassAccuracy();
            for (int k = 0; k < classes; k++) {
                cols.get(k).append(pc[k]);
            }
        }
        cols.forEach(t::addColumns);
        return t;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof History h && rounds.equals(h.rounds)
                && RoundRecord.sameParams(initialParams, h.initialParams)
                && RoundRecord.sameParams(finalParams, h.finalParams);
    }

    @Override
    public int hashCode() {
        return Objects.hash(rounds);
    }

    @Override
    public String toString() {
        return "History[" + description + ", rounds=" + rounds.size()
                + (rounds.isEmpty() ? "" : String.format(", final accuracy=%.4f", last().accuracy())) + "]";
    }

}
