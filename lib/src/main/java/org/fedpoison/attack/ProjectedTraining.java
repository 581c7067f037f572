package org.fedpoison.attack;

import org.fedpoison.core.Dataset;
import org.fedpoison.core.ModelPoisoning;
import org.fedpoison.core.RoundContext;
import org.fedpoison.core.TrainConfig;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A {@link ModelPoisoning} that also takes over the attacker's local training, because its
 * constraint must hold after every step rather than only on the final update (projected gradient
 * descent, as in {@link Neurotoxin}). {@link MaliciousClient} calls {@link #train} instead of
 * {@code model.train} in its active rounds, then {@link ModelPoisoning#poison} on the result.
 */
public interface ProjectedTraining {

    /**
     * Trains from {@code ctx.global()} on {@code poisoned} with {@code config} and returns the new
     * parameters (a new array; the global is not modified); the seed is {@code ctx.seed()}.
     * {@code clean} is the client's clean local data (for estimating what honest training does).
     */
    INDArray train(RoundContext ctx, Dataset clean, Dataset poisoned, TrainConfig config);
}
