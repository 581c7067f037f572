package org.fedpoison.model;

import org.fedpoison.core.Model;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A {@link Model} that exposes the gradients of its cross-entropy: with respect to its parameters
 * (what a client's SGD step follows, and what gradient-matching poisons imitate) and with respect
 * to its inputs (what trigger reconstruction and poison crafting optimise).
 *
 * <p>Both use {@code l(x, y) = -log softmax(f(x))_y}, natural log.
 */
public interface Differentiable extends Model {

    /**
     * The gradient of the mean loss {@code (1/n) sum_i l(x_i, y_i)} over the rows of
     * {@code features} with respect to the parameters: a new flat float32 vector of
     * {@link #numParams()} entries, in the parameter layout.
     */
    INDArray lossGradient(INDArray params, INDArray features, int[] labels);

    /**
     * The gradient of each example's own loss with respect to its input: row {@code i} of the
     * result ({@code [n, inputDim]}, float32) is {@code d l(x_i, y_i) / d x_i}.
     */
    INDArray inputGradient(INDArray params, INDArray features, int[] labels);
}
