package org.fedpoison.attack.model;

import java.util.List;
import org.fedpoison.attack.Knowledge;
import org.fedpoison.core.ClientUpdate;
import org.fedpoison.util.FlatVectors;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Flat-vector arithmetic shared by the model poisoning attacks (inputs never modified). */
final class Vectors {
    private Vectors() {}

    /** The deltas stacked as rows of a {@code [k, d]} matrix (a new array). */
    static INDArray stack(List<INDArray> vectors) {
        INDArray[] rows = new INDArray[vectors.size()];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = vectors.get(i).reshape(1, vectors.get(i).length());
        }
        return Nd4j.vstack(rows);
    }

    /** The coordinate-wise mean of the vectors, shaped like {@code like}. */
    static INDArray mean(List<INDArray> vectors, INDArray like) {
        if (vectors.isEmpty()) {
            throw new IllegalArgumentException("need at least one vector to average, got none");
        }
        INDArray sum = vectors.get(0).reshape(like.shape()).dup();
        for (int i = 1; i < vectors.size(); i++) {
            sum.addi(vectors.get(i).reshape(like.shape()));
        }
        return sum.divi(vectors.size());
    }

    /**
     * The Euclidean norm, accumulated in double in a fixed order (not ND4J's {@code norm2Number()},
     * whose split over threads, and so its last bits, follow {@code OMP_NUM_THREADS}).
     */
    static double norm(INDArray v) {
        if (v.dataType() == DataType.FLOAT) {
            return FlatVectors.norm(v);
        }
        double s = 0;
        for (double x : v.castTo(DataType.DOUBLE).dup('c').toDoubleVector()) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    /** Checks that every update has the length of {@code expected}; names the client at fault. */
    static void checkLengths(List<ClientUpdate> updates, long expected) {
        for (ClientUpdate u : updates) {
            if (u.delta().length() != expected) {
                throw new IllegalArgumentException("client " + u.clientId() + " sent a delta of length "
                        + u.delta().length() + ", expected " + expected);
            }
        }
    }

    /**
     * The deltas an omniscient attacker sees: the peers' deltas in {@code ctx.peerUpdates()} order,
     * preceded by {@code own} when it is not null; lengths checked against {@code expected}.
     */
    static List<INDArray> visibleDeltas(INDArray own, List<ClientUpdate> peers, long expected) {
        checkLengths(peers, expected);
        List<INDArray> out = new java.util.ArrayList<>(peers.size() + 1);
        if (own != null) {
            out.add(own);
        }
        for (ClientUpdate p : peers) {
            out.add(p.delta());
        }
        return out;
    }

    /**
     * The deltas an attacker with knowledge {@code k} works from: its own ({@link Knowledge#OWN_UPDATE}),
     * the peers' in {@code ctx.peerUpdates()} order ({@link Knowledge#BENIGN_UPDATES}), or its own
     * followed by the peers' ({@link Knowledge#BENIGN_AND_OWN}); when a peer-knowing attacker sees no
     * peer, its own. Lengths checked against the own delta's.
     */
    static List<INDArray> known(Knowledge k, ClientUpdate own, org.fedpoison.core.RoundContext ctx) {
        long d = own.delta().length();
        List<INDArray> out = switch (k) {
            case OWN_UPDATE -> new java.util.ArrayList<>(List.of(own.delta()));
            case BENIGN_UPDATES -> visibleDeltas(null, ctx.peerUpdates(), d);
            case BENIGN_AND_OWN -> visibleDeltas(own.delta(), ctx.peerUpdates(), d);
        };
        if (out.isEmpty()) {
            out.add(own.delta());
        }
        return out;
    }

    /** Whether the vector's data type is a floating-point type (needed to hold NaN/Inf and noise). */
    static void checkFloating(INDArray v, String what) {
        if (!v.dataType().isFPType()) {
            throw new IllegalArgumentException(what + " has data type " + v.dataType() + ", must be floating point");
        }
    }
}
