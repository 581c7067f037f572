package org.fedpoison.attack.sybil;

import java.util.List;
import org.fedpoison.attack.model.ModelReplacement;
import org.fedpoison.core.ClientUpdate;
import org.fedpoison.util.FlatVectors;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The crafts of {@link Sybils}: what every identity of a group sends (see {@link Sybils#towards} and the others). */
final class Crafts {
    private Crafts() {}

    /** Every identity sends {@code w_target - w_global}: the plain copies attack that outvotes median-like rules. */
    static Sybils.Craft towards(INDArray targetParams) {
        if (targetParams == null) {
            throw new IllegalArgumentException("targetParams must not be null");
        }
        INDArray target = targetParams.dup();
        return new Sybils.Craft() {
            @Override
            public INDArray delta(INDArray global, List<ClientUpdate> honest, int groupSize, long examplesEach) {
                checkLength(target, global);
                return target.reshape(global.shape()).castTo(global.dataType()).sub(global);
            }

            @Override
            public String name() {
                return "towards target";
            }
        };
    }

    /**
     * Every identity sends the group model-replacement delta
     * {@code (1/alpha_S)(T - sum_{honest} alpha_k delta_k)} ({@link ModelReplacement#solveGroup}),
     * which lands FedAvg with {@code weighting} exactly on {@code w_target}.
     */
    static Sybils.Craft replacement(INDArray targetParams, ModelReplacement.Weighting weighting) {
        if (targetParams == null) {
            throw new IllegalArgumentException("targetParams must not be null");
        }
        if (weighting == null) {
            throw new IllegalArgumentException("weighting must not be null; use SAMPLE_WEIGHTED or EQUAL");
        }
        INDArray target = targetParams.dup();
        return new Sybils.Craft() {
            @Override
            public INDArray delta(INDArray global, List<ClientUpdate> honest, int groupSize, long examplesEach) {
                checkLength(target, global);
                INDArray t = target.reshape(global.shape()).castTo(global.dataType()).sub(global);
                return ModelReplacement.solveGroup(t, honest, examplesEach, groupSize, weighting);
            }

            @Override
            public boolean needsPeers() {
                return true;
            }

            @Override
            public String name() {
                return "replacement(" + weighting + ")";
            }
        };
    }

    /**
     * {@code craft}'s direction at a fixed length: every identity sends
     * {@code norm · d / ||d||} where {@code d} is {@code craft}'s delta (a zero delta stays zero). With
     * {@code norm} set to a typical honest update norm, the sybils pass a norm screen or clipping that
     * would stop the full-size delta: they win by numbers, not by size.
     *
     * @throws IllegalArgumentException if {@code craft} is null or {@code norm} is not positive and finite
     */
    static Sybils.Craft scaledTo(Sybils.Craft craft, double norm) {
        if (craft == null) {
            throw new IllegalArgumentException("craft must not be null");
        }
        if (!(norm > 0) || Double.isInfinite(norm)) {
            throw new IllegalArgumentException("norm is " + norm + ", must be > 0 and finite");
        }
        return new Sybils.Craft() {
            @Override
            public INDArray delta(INDArray global, List<ClientUpdate> honest, int groupSize, long examplesEach) {
                INDArray d = craft.delta(global, honest, groupSize, examplesEach);
                double n = org.fedpoison.util.FlatVectors.norm(d);
                return n == 0 ? d : d.mul(norm / n);
            }

            @Override
            public boolean needsPeers() {
                return craft.needsPeers();
            }

            @Override
            public String name() {
                return craft.name() + ", norm " + norm;
            }
        };
    }

    static void checkLength(INDArray target, INDArray global) {
        if (target.length() != global.length()) {
            throw new IllegalArgumentException("target has " + target.length() + " parameters, the model has "
                    + global.length());
        }
    }
}
