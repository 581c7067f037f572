package org.fedpoison.metrics;

import static org.junit.jupiter.api.Assertions.*;

import org.fedpoison.attack.data.Trigger;
import org.fedpoison.core.Dataset;
import org.fedpoison.core.Evaluation;
import org.fedpoison.core.Model;
import org.fedpoison.core.TrainConfig;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class MetricsTest {

    /** 3x3 images; example k has pixel 0 = k/10, label k mod 3. */
    private static Dataset data(int n) {
        float[] f = new float[n * 9];
        int[] y = new int[n];
        for (int k = 0; k < n; k++) {
            f[k * 9] = k / 10f;
            y[k] = k % 3;
        }
        return new Dataset(Nd4j.create(f, new long[] {n, 9}, 'c'), y, 3, new int[] {3, 3}, null);
    }

    /**
     * A rule-based model: predicts 2 if pixel 8 is at least 0.5 (the trigger), else 1 if pixel 0 is
     * at least the params' only value, else 0. Hand-checkable.
     */
    private static final Model RULE = new Model() {
        public int numParams() { return 1; }
        public int inputDim() { return 9; }
        public int numClasses() { return 3; }
        public INDArray init(long seed) { return Nd4j.zeros(1, 1); }
        public INDArray train(INDArray p, Dataset d, TrainConfig c, long s) { return p.dup(); }
        public INDArray logits(INDArray p, INDArray x) { throw new UnsupportedOperationException(); }
        public int[] predict(INDArray p, INDArray x) {
            int[] out = new int[(int) x.rows()];
            for (int i = 0; i < out.length; i++) {
                out[i] = x.getDouble(i, 8) >= 0.5 ? 2 : x.getDouble(i, 0) >= p.getDouble(0) ? 1 : 0;
            }
            return out;
        }
        public Evaluation evaluate(INDArray p, Dataset d) { throw new UnsupportedOperationException(); }
        public String name() { return "rule"; }
    };

    @Test
    void backdoorSuccessCountsOnlyNonTargetStampedInputs() {
        Dataset test = data(9);   // labels 0,1,2 x3
        INDArray params = Nd4j.createFromArray(100.0).reshape(1, 1);    // without trigger: always 0
        // trigger on pixel 8 sends everything to 2; 6 non-target examples, all hit
        assertEquals(1.0, BackdoorSuccess.of(test, Trigger.square(2, 2, 1, 1f), 2).measure(RULE, params));
        // a trigger elsewhere does nothing: target 2 never predicted
        assertEquals(0.0, BackdoorSuccess.of(test, Trigger.square(0, 1, 1, 1f), 2).measure(RULE, params));
        // target 0: the rule predicts 0 for every unstamped input; a pixel-1 "trigger" leaves that:
        // 6 non-target inputs (labels 1, 2), all predicted 0
        assertEquals(1.0, BackdoorSuccess.of(test, Trigger.square(0, 1, 1, 1f), 0).measure(RULE, params));
        assertEquals(6, BackdoorSuccess.of(test, Trigger.square(0, 1, 1, 1f), 0).stampedSet().size());
    }

    @Test
    void targetedFlipSuccessIsShareOfSourcePredictedAsTarget() {
        Dataset test = data(9);   // class 1 examples: k = 1, 4, 7 with pixel 0 = .1, .4, .7
        INDArray threshold = Nd4j.createFromArray(0.35).reshape(1, 1);   // k = 4, 7 predicted 1, k = 1 predicted 0
        assertEquals(1.0 / 3, TargetedFlipSuccess.of(test, 1, 0).measure(RULE, threshold), 1e-15);
        assertEquals("flip_1_to_0", TargetedFlipSuccess.of(test, 1, 0).name());
        assertThrows(IllegalArgumentException.class, () -> TargetedFlipSuccess.of(test, 1, 1));
    }

    @Test
    void distanceToTargetIsL2() {
        DistanceToTarget d = DistanceToTarget.of(Nd4j.createFromArray(3.0, 4.0, 0.0));
        assertEquals(5.0, d.measure(RULE, Nd4j.createFromArray(0f, 0f, 0f)), 1e-12);
        assertEquals(0.0, d.distance(Nd4j.createFromArray(3.0, 4.0, 0.0).reshape(1, 3)), 0.0);
        assertThrows(IllegalArgumentException.class, () -> d.distance(Nd4j.createFromArray(1.0)));
    }

    @Test
    void durabilityReadsTheSeriesAfterTheAttack() {
        double[] s = {0.1, 0.95, 0.9, 0.8, 0.6, 0.4, 0.3};
        assertArrayEquals(new double[] {0.9, 0.8, 0.6, 0.4, 0.3}, Durability.after(s, 1));
        assertEquals(2, Durability.lifespan(s, 1, 0.75));
        assertEquals(4, Durability.halfLife(s, 1), "0.4 <= 0.95 / 2 first at round 5");
        assertEquals(-1, Durability.halfLife(new double[] {1, 0.9}, 0));
        assertThrows(IllegalArgumentException.class, () -> Durability.lifespan(s, 7, 0.5));
    }

    @Test
    void durabilitySummaryReadsTheSeriesOfEachRun() {
        double[] series = {0.0, 0.1, 0.9, 0.8, 0.4, 0.3};
        int[] calls = {0};
        org.fedpoison.core.Metric fake = org.fedpoison.core.Metric.named("fake", (m, w) -> series[calls[0]++]);
        org.fedpoison.data.TrainTest digits = org.fedpoison.data.Datasets.digits();
        var model = org.fedpoison.model.SoftmaxRegression.of(64, 10);
        var clients = org.fedpoison.fl.Clients.honest(org.fedpoison.data.Partitioners.iid().partition(digits.train(), 2, 1),
                new org.fedpoison.core.TrainConfig(1, 64, 0.1));
        org.fedpoison.fl.History h = org.fedpoison.fl.Simulation.builder().model(model).clients(clients).test(digits.test())
                .rounds(series.length).seed(1).metric(fake).build().run();
        tech.tablesaw.api.Table t = Durability.summary("fake", java.util.Map.of("run", h),
                java.util.Map.of("run", new Durability.Window(2, 3)), 0.5);
        assertEquals(1, t.rowCount());
        assertEquals(0.1, t.doubleColumn("fake before").get(0), 0);
        assertEquals(0.9, t.doubleColumn("peak").get(0), 0);
        assertEquals(0.8, t.doubleColumn("at last attack round").get(0), 0);
        assertEquals(0.3, t.doubleColumn("at the end").get(0), 0);
        assertEquals(0, t.intColumn("rounds >= 0.5 after stop").get(0));
        assertEquals(1, t.intColumn("half-life (rounds)").get(0), "0.4 <= 0.8 / 2 one round later");
        assertThrows(IllegalArgumentException.class, () -> new Durability.Window(3, 2));
        assertThrows(IllegalArgumentException.class, () -> Durability.summary("fake", java.util.Map.of("run", h),
                java.util.Map.of(), 0.5));
    }
}
