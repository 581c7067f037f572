package org.fedpoison.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fedpoison.core.Dataset;
import org.fedpoison.core.Model;
import org.fedpoison.core.TrainConfig;
import org.fedpoison.data.Datasets;
import org.fedpoison.util.FlatVectors;
import org.fedpoison.util.VectorPool;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** {@code trainDelta} is {@code train - params} bit for bit, whether computed in one pass or by the default. */
class TrainDeltaTest {

    private static void check(Model model, Dataset data, INDArray params) {
        TrainConfig cfg = new TrainConfig(2, 7, 0.1);
        float[] before = FlatVectors.toArray(params);
        float[] trained = FlatVectors.toArray(model.train(params, data, cfg, 9));
        float[] start = FlatVectors.toArray(params.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT));
        float[] want = new float[trained.length];
        for (int i = 0; i < want.length; i++) {
            want[i] = trained[i] - start[i];
        }
        INDArray delta = model.trainDelta(params, data, cfg, 9);
        assertEquals(model.numParams(), delta.length());
        assertArrayEquals(want, FlatVectors.toArray(delta), model.name());
        assertArrayEquals(before, FlatVectors.toArray(params), "params not modified");
        // a recycled result holding stale values gives the same delta
        try (VectorPool pool = new VectorPool(model.numParams())) {
            INDArray stale = Nd4j.ones(org.nd4j.linalg.api.buffer.DataType.FLOAT, model.numParams()).muli(7);
            pool.give(stale);
            INDArray again = VectorPool.with(pool, () -> model.trainDelta(params, data, cfg, 9));
            assertArrayEquals(want, FlatVectors.toArray(again), model.name() + " recycled");
        }
    }

    @Test
    void denseModelsComputeTrainMinusParamsInOnePass() {
        Dataset data = Datasets.blobs(40, 5, 3, 1, 2);
        Model mlp = Mlp.of(5, 4, 3);
        check(mlp, data, mlp.init(3));
        Model lin = SoftmaxRegression.of(5, 3);
        check(lin, data, lin.init(4));
        // float64 parameters: read as float32, as training does
        check(mlp, data, mlp.init(5).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE));
    }

    @Test
    void denseModelsNoteTheDeltasTheySawFinite() {
        Dataset data = Datasets.blobs(40, 5, 3, 1, 2);
        for (Model model : new Model[] {Mlp.of(5, 4, 3), SoftmaxRegression.of(5, 3)}) {
            INDArray delta = model.trainDelta(model.init(3), data, new TrainConfig(2, 7, 0.1), 9);
            assertTrue(FlatVectors.isFinite(delta));
            assertFalse(FlatVectors.takeFiniteNote(model.init(3)), "another array is not the one noted");
            INDArray again = model.trainDelta(model.init(3), data, new TrainConfig(2, 7, 0.1), 9);
            assertTrue(FlatVectors.takeFiniteNote(again), model.name());
            assertFalse(FlatVectors.takeFiniteNote(again), "a note is taken once");
            // 1e39 overflows float32 in the first step: NaN or infinity in the delta, and no note
            INDArray wild = model.trainDelta(model.init(3), data, new TrainConfig(1, 7, 1e39), 9);
            assertFalse(FlatVectors.isFinite(wild));
            assertFalse(FlatVectors.takeFiniteNote(wild), model.name() + " noted a non-finite delta");
        }
    }

    @Test
    void theDefaultSubtractsFromWhatTrainReturns() {
        Dataset data = Datasets.blobs(40, 5, 3, 1, 2);
        Model mlp = Mlp.of(5, 4, 3);
        Model plain = new Model() { // only train of its own: trainDelta is the interface's default
            public int numParams() { return mlp.numParams(); }
            public int inputDim() { return mlp.inputDim(); }
            public int numClasses() { return mlp.numClasses(); }
            public INDArray init(long seed) { return mlp.init(seed); }
            public INDArray train(INDArray p, Dataset d, TrainConfig c, long s) { return mlp.train(p, d, c, s); }
            public INDArray logits(INDArray p, INDArray f) { return mlp.logits(p, f); }
            public int[] predict(INDArray p, INDArray f) { return mlp.predict(p, f); }
            public org.fedpoison.core.Evaluation evaluate(INDArray p, Dataset d) { return mlp.evaluate(p, d); }
            public String name() { return "plain"; }
        };
        check(plain, data, mlp.init(3));
    }
}
