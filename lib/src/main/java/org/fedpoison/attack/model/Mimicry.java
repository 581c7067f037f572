package org.fedpoison.attack.model;

import java.util.List;
import org.fedpoison.aggregate.OrderStatistics;
import org.fedpoison.attack.Knowledge;
import org.fedpoison.core.ModelPoisoning;
import org.fedpoison.core.ClientUpdate;
import org.fedpoison.core.RoundContext;
import org.fedpoison.util.FlatVectors;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Mimicry: the attacker reshapes its (backdoored) update so that its length and its direction
 * relative to the crowd are those of a typical honest update of the round, so that a screen on
 * norms or on cosine similarity sees nothing unusual, and keeps as much of its own direction as
 * that allows.
 *
 * <pre>{@code
 * mu  = mean of the observed honest deltas,  e = mu / ||mu||
 * n*  = median_i ||delta_i||,   c* = median_i cos(delta_i, mu)           (the honest statistics)
 * v   = own delta,  v_perp = v - (v . e) e
 * sent = n* (c* e + sqrt(1 - c*^2) v_perp / ||v_perp||)                   (||sent|| = n*, cos(sent, mu) = c*)
 * }</pre>
 * The attacker observes the round's honest updates ({@link #needsPeers()}), the omniscient model
 * of stealth attacks; with no peer to copy it sends its update unchanged. Honest statistics are
 * computed over the peers only: its knowledge ({@link #knowledge()}) is
 * {@link Knowledge#BENIGN_UPDATES}, the only model it supports (it needs other updates to imitate).
 *
 * <p>Paper: Bhagoji, Chakraborty, Mittal and Calo, "Analyzing federated learning through an
 * adversarial lens" (ICML 2019), Section 4 (stealth with respect to weight-update statistics);
 * the text's Research Frontier note ("updates shaped to mimic the norm and direction statistics of
 * honest ones").
 */
public final class Mimicry implements ModelPoisoning {
    private Mimicry() {}

    /** Matches the median norm and the median cosine to the mean of the observed honest updates. */
    public static Mimicry medianStatistics() {
        return new Mimicry();
    }

    /** The attack-knowledge model: {@link Knowledge#BENIGN_UPDATES}. */
    public Knowledge knowledge() {
        return Knowledge.BENIGN_UPDATES;
    }

    @Override
    public boolean needsPeers() {
        return true;
    }

    @Override
    public ClientUpdate poison(ClientUpdate honest, RoundContext ctx) {
        List<ClientUpdate> peers = ctx.peerUpdates();
        if (peers.isEmpty()) {
            return honest;
        }
        long d = honest.delta().length();
        List<INDArray> deltas = Vectors.visibleDeltas(null, peers, d);
        INDArray own = honest.delta().reshape(d).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
        INDArray mu = Vectors.mean(deltas, own).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
        double muNorm = FlatVectors.norm(mu);
        double[] norms = new double[deltas.size()];
        double[] cosines = new double[deltas.size()];
        for (int i = 0; i < norms.length; i++) {
            INDArray p = deltas.get(i).reshape(d);
            norms[i] = FlatVectors.norm(p);
            cosines[i] = norms[i] == 0 || muNorm == 0 ? 0 : FlatVectors.dot(p, mu) / (norms[i] * muNorm);
        }
        double n = OrderStatistics.median(norms);
        double c = Math.max(-1, Math.min(1, OrderStatistics.median(cosines)));
        if (muNorm == 0) {
            return honest.withDelta(honest.delta().mul(n / Math.max(FlatVectors.norm(own), Double.MIN_NORMAL)));
        }
        INDArray e = mu.div(muNorm);
        INDArray perp = own.sub(e.mul(FlatVectors.dot(own, e)));
        double perpNorm = FlatVectors.norm(perp);
        INDArray sent = perpNorm == 0 ? e.mul(n)
                : e.mul(n * c).addi(perp.muli(n * Math.sqrt(1 - c * c) / perpNorm));
        return honest.withDelta(sent.reshape(honest.delta().shape()).castTo(honest.delta().dataType()));
    }


    @Override
    public String name() {
        return "Mimicry(median norm, median cosine)";
    }

    @Override
    public String toString() {
        return name();
    }
}
