package org.fedpoison.defense;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.fedpoison.attack.MaliciousClient;
import org.fedpoison.attack.data.PixelPatternBackdoor;
import org.fedpoison.attack.data.Trigger;
import org.fedpoison.core.Client;
import org.fedpoison.core.Dataset;
import org.fedpoison.core.Model;
import org.fedpoison.core.TrainConfig;
import org.fedpoison.data.Datasets;
import org.fedpoison.data.Partitioners;
import org.fedpoison.data.TrainTest;
import org.fedpoison.fl.Clients;
import org.fedpoison.fl.History;
import org.fedpoison.fl.Simulation;
import org.fedpoison.metrics.BackdoorSuccess;
import org.fedpoison.model.Mlp;
import org.junit.jupiter.api.Test;

class NeuralCleanseTest {

    @Test
    void anomalyIndexIsTheMadScoreOnTheSmallSide() {
        // norms 1, 10, 11, 12, 13: median 11, |dev| 10, 1, 0, 1, 2 -> MAD 1.4826 * 1
        double[] idx = NeuralCleanse.anomalyIndex(new double[] {1, 10, 11, 12, 13});
        assertArrayEquals(new double[] {10 / 1.4826, 1 / 1.4826, 0, -1 / 1.4826, -2 / 1.4826}, idx, 1e-9);
        assertArrayEquals(new double[] {0, 0, 0}, NeuralCleanse.anomalyIndex(new double[] {4, 4, 4}), 0);
        assertThrows(IllegalArgumentException.class, () -> new NeuralCleanse.Options(0, 0.1, 0.01, 10, 2));
        assertThrows(IllegalArgumentException.class, () -> new NeuralCleanse.Options(10, 0.1, -1, 10, 2));
    }

    /**
     * Reproduction: on the global model of a federated run in which 4 of 20 clients trained a 2x2
     * corner trigger to class 0, reconstruction flags label 0 and only label 0; on the model of the
     * same run without attackers it flags no label.
     */
    @Test
    void flagsTheTargetOfABackdooredModelAndNoLabelOfACleanOne() {
        TrainTest digits = Datasets.digits();
        Model model = Mlp.of(64, 32, 10);
        TrainConfig cfg = new TrainConfig(2, 16, 0.1);
        List<Dataset> parts = Partitioners.iid().partition(digits.train(), 20, 5);
        List<Client> honest = Clients.honest(parts, cfg);
        PixelPatternBackdoor backdoor = PixelPatternBackdoor.appending(Trigger.square(6, 6, 2, 1f), 0, 1.0);
        List<Client> attacked = Clients.replace(honest, List.of(0, 1, 2, 3),
                (id, c) -> MaliciousClient.builder(id, parts.get(id)).train(cfg).dataPoisoning(backdoor).build());
        BackdoorSuccess asr = BackdoorSuccess.of(digits.test(), backdoor);
        History bad = Simulation.builder().model(model).clients(attacked).test(digits.test()).train(cfg).rounds(20).seed(7)
                .metric(asr).build().run();
        History good = Simulation.builder().model(model).clients(honest).test(digits.test()).train(cfg).rounds(20).seed(7)
                .metric(asr).build().run();
        assertTrue(bad.last().metric("backdoor_success") > 0.5, "the backdoor is in: " + bad.last().metric("backdoor_success"));
        NeuralCleanse nc = NeuralCleanse.of(new NeuralCleanse.Options(100, 0.1, 0.01, 100, 2.0));
        NeuralCleanse.Result onBad = nc.inspect(model, bad.finalParams(), digits.test());
        NeuralCleanse.Result onGood = nc.inspect(model, good.finalParams(), digits.test());
        assertArrayEquals(new int[] {0}, onBad.flagged(), "norms " + java.util.Arrays.toString(onBad.maskNorms()));
        assertArrayEquals(new int[0], onGood.flagged(), "norms " + java.util.Arrays.toString(onGood.maskNorms()));
        assertEquals(10, onBad.triggers().size());
    }
}
