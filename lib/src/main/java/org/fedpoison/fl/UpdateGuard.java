package org.fedpoison.fl;

import java.util.ArrayList;
import java.util.List;
import org.fedpoison.core.Client;
import org.fedpoison.core.ClientUpdate;
import org.fedpoison.util.FlatVectors;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The server's checks on what reaches the global model, in client-id order.
 *
 * <ul>
 *   <li>Each update ({@link #screen}): it must exist, carry its client's id and have the model's
 *       dimension ({@link IllegalArgumentException} naming the client and the round: these are
 *       bugs of the client, not events of the round); one holding NaN or infinity is dropped and
 *       recorded, unless the simulation runs naive ({@code dropNonFinite(false)}).</li>
 *   <li>The aggregate ({@link #apply}): it must exist and have the model's dimension
 *       ({@link IllegalStateException} naming the aggregator and the round); when it holds NaN or
 *       infinity, or adding it to the global model overflows float32, the round is rejected with a
 *       {@link RoundRejection} and the global model stays, unless the simulation runs naive.</li>
 * </ul>
 */
final class UpdateGuard {
    private final int numParams;
    private final String modelName;
    private final boolean dropNonFinite;

    UpdateGuard(int numParams, String modelName, boolean dropNonFinite) {
        this.numParams = numParams;
        this.modelName = modelName;
        this.dropNonFinite = dropNonFinite;
    }

    /**
     * The screened updates of a round.
     *
     * @param accepted  the updates that go to the aggregator, in client-id order
     * @param dropped   the ids of the clients whose update was dropped as non-finite
     * @param isDropped per sampled client, whether its update was dropped
     */
    record Screened(List<ClientUpdate> accepted, List<Integer> dropped, boolean[] isDropped) {}

    /** {@link #scan}'s answer: not scanned (the screen reads the delta itself). */
    static final byte UNKNOWN = 0;
    /** {@link #scan}'s answer: every value of the delta is finite. */
    static final byte FINITE = 1;
    /** {@link #scan}'s answer: the delta holds NaN or infinity. */
    static final byte NOT_FINITE = 2;

    /**
     * Whether {@code u}'s delta is finite, as {@link #screen} needs to know: {@link #FINITE},
     * {@link #NOT_FINITE}, or {@link #UNKNOWN} when the screen does not look at values (naive runs)
     * or the update will fail its other checks anyway (null, wrong dimension). A pure function of
     * the delta's values, so it may run anywhere: the simulation calls it on the client's thread
     * right after the update is made, while the delta is still in that core's cache, instead of
     * one more pass over every delta on the server's thread (half a second per round at 10,000
     * clients). That relies on deltas being read-only once sent ({@link ClientUpdate}).
     */
    byte scan(ClientUpdate u) {
        if (!dropNonFinite || u == null || u.delta().length() != numParams) {
            return UNKNOWN;
        }
        return FlatVectors.isFinite(u.delta()) ? FINITE : NOT_FINITE;
    }

    /**
     * {@link #scan}'s answer for an update whose delta is known finite (its maker screened the
     * values as it wrote them): {@link #FINITE}, or {@link #UNKNOWN} where {@code scan} would not
     * look.
     */
    byte finite(ClientUpdate u) {
        if (!dropNonFinite || u == null || u.delta().length() != numParams) {
            return UNKNOWN;
        }
        return FINITE;
    }

    /**
     * Checks the round's updates ({@code updates[i]} from {@code sampled.get(i)}) and drops the
     * non-finite ones; {@code scanned[i]} is the {@link #scan} of {@code updates[i]} where it is
     * known ({@link #UNKNOWN} elsewhere: the delta is read here).
     */
    Screened screen(int round, List<Client> sampled, ClientUpdate[] updates, byte[] scanned) {
        int m = sampled.size();
        List<ClientUpdate> accepted = new ArrayList<>(m);
        List<Integer> dropped = new ArrayList<>();
        boolean[] isDropped = new boolean[m];
        for (int i = 0; i < m; i++) {
            Client c = sampled.get(i);
            ClientUpdate u = updates[i];
            if (u == null) {
                throw new IllegalArgumentException("client " + c.id() + " returned no update (null) in round " + round);
            }
            if (u.clientId() != c.id()) {
                throw new IllegalArgumentException("client " + c.id() + " sent an update with clientId " + u.clientId()
                        + " in round " + round + "; an update must carry the id of the client that sends it ("
                        + c.id() + ")");
            }
            if (u.delta().length() != numParams) {
                throw new IllegalArgumentException("client " + c.id() + " sent an update of dimension "
                        + u.delta().length() + " in round " + round + ", the model " + modelName + " has "
                        + numParams + " parameters");
            }
            if (dropNonFinite && !(scanned[i] == UNKNOWN ? FlatVectors.isFinite(u.delta()) : scanned[i] == FINITE)) {
                dropped.add(c.id());
                isDropped[i] = true;
            } else {
                accepted.add(u);
            }
        }
        return new Screened(accepted, dropped, isDropped);
    }

    /**
     * The next global model, or why there is none.
     *
     * @param next      {@code global + aggregate} in float32 (null when rejected)
     * @param rejection null when the aggregate was applied
     */
    record Applied(INDArray next, RoundRejection rejection) {}

    /** {@code global + aggregate}, checked; {@code rule} names the aggregator in messages. */
    Applied apply(int round, String rule, INDArray global, INDArray aggregate) {
        if (aggregate == null) {
            throw new IllegalStateException("aggregator " + rule + " returned null in round " + round
                    + "; an aggregator must return the aggregate delta (" + numParams + " values)");
        }
        if (aggregate.length() != numParams) {
            throw new IllegalStateException("aggregator " + rule + " returned " + aggregate.length() + " values in round "
                    + round + ", the model " + modelName + " has " + numParams + " parameters");
        }
        INDArray agg = aggregate.dataType() == DataType.FLOAT ? aggregate : aggregate.castTo(DataType.FLOAT);
        INDArray candidate = global.add(agg.reshape(global.shape()));
        if (dropNonFinite && !FlatVectors.isFinite(candidate)) {
            // an aggregate of finite updates can still overflow
            boolean finiteAggregate = FlatVectors.isFinite(agg);
            RoundRejection.Reason reason = finiteAggregate ? RoundRejection.Reason.GLOBAL_OVERFLOW
                    : RoundRejection.Reason.AGGREGATE_NOT_FINITE;
            String message = "aggregate of " + rule + " rejected in round " + round + ": "
                    + (finiteAggregate ? "adding it to the global model overflows float32" : "it holds NaN or infinity")
                    + "; the previous global model is kept";
            return new Applied(null, new RoundRejection(reason, rule, round, message));
        }
        return new Applied(candidate, null);
    }
}
