package org.fedpoison.metrics;

import org.fedpoison.core.Metric;
import org.fedpoison.core.Model;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Distance to the attacker's target: the L2 distance between the global parameters and the model
 * the attacker wants ({@link org.fedpoison.attack.model.ModelReplacement}'s {@code w_target}).
 *
 * <pre>{@code distance = ||w_global - w_target||_2}</pre>
 *
 * Zero means the attacker has replaced the global model. Computed in double precision.
 *
 * <p>Reference: the model replacement objective of Bagdasaryan et al. (AISTATS 2020).
 */
public final class DistanceToTarget implements Metric {
    private final INDArray target;
    private final String name;

    /** Column {@code "distance_to_target"}. */
    public static DistanceToTarget of(INDArray targetParams) {
        return new DistanceToTarget(targetParams);
    }

    private DistanceToTarget(INDArray targetParams) {
        this("distance_to_target", targetParams);
    }

    public static DistanceToTarget of(String name, INDArray targetParams) {
        return new DistanceToTarget(name, targetParams);
    }

    private DistanceToTarget(String name, INDArray targetParams) {
        if (targetParams == null) {
            throw new IllegalArgumentException("targetParams must not be null");
        }
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        this.target = targetParams.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).dup();
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public double measure(Model model, INDArray global) {
        return distance(global);
    }

    /** {@code ||global - target||_2}. */
    public double distance(INDArray global) {
        if (global.length() != target.length()) {
            throw new IllegalArgumentException("global has " + global.length() + " parameters, the target "
                    + target.length());
        }
        INDArray g = global.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).reshape(target.shape());
        return g.distance2(target);
    }
}
