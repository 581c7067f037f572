package org.fedpoison.attack.sybil;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.fedpoison.aggregate.CoordinateMedian;
import org.fedpoison.aggregate.FedAvg;
import org.fedpoison.attack.Schedule;
import org.fedpoison.attack.data.LabelFlip;
import org.fedpoison.attack.sybil.Sybils;
import org.fedpoison.core.Aggregator;
import org.fedpoison.core.Client;
import org.fedpoison.core.Dataset;
import org.fedpoison.core.TrainConfig;
import org.fedpoison.data.Datasets;
import org.fedpoison.data.Partitioners;
import org.fedpoison.data.TrainTest;
import org.fedpoison.fl.History;
import org.fedpoison.fl.HonestClient;
import org.fedpoison.fl.Simulation;
import org.fedpoison.model.Mlp;
import org.junit.jupiter.api.Test;

/**
 * One adversary's label-flipped dataset (every 1 relabelled 7, an eleventh of the digits training
 * set) split across s identities next to 10 honest clients, 20 rounds. Under rules that count
 * identities (the coordinate-wise median, equal-weight FedAvg) its share grows from 1/11 to s/(10+s):
 * with s = 10 class-1 accuracy ends at least 40 points below the single-identity run under the
 * median and at least 15 points below under equal-weight FedAvg. Under sample-weighted FedAvg the
 * weight follows the examples, not the identities, and the split moves class-1 accuracy by less
 * than 10 points.
 */
class SybilAmplificationTest {
    private static final TrainTest DIGITS = Datasets.digits();
    private static final List<Dataset> PARTS = Partitioners.iid().partition(DIGITS.train(), 11, 3);

    private static double class1Accuracy(int s, Aggregator aggregator) {
        List<Client> clients = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            clients.add(HonestClient.of(i, PARTS.get(i)));
        }
        clients.addAll(Sybils.splitData(10, s, PARTS.get(10), LabelFlip.targeted(1, 7, 1.0), null, null,
                Schedule.always(), 5));
        History h = Simulation.builder().model(Mlp.of(64, 32, 10)).clients(clients).test(DIGITS.test())
                .aggregator(aggregator).rounds(20).train(new TrainConfig(1, 16, 0.3)).seed(4).build().run();
        return h.last().perClassAccuracy()[1];
    }

    @Test
    void identitiesAmplifyUnderRulesThatCountThem() {
        double medianOne = class1Accuracy(1, CoordinateMedian.of());
        double medianTen = class1Accuracy(10, CoordinateMedian.of());
        assertTrue(medianOne - medianTen >= 0.4, "median: " + medianOne + " -> " + medianTen);
        double equalOne = class1Accuracy(1, FedAvg.equalWeights());
        double equalTen = class1Accuracy(10, FedAvg.equalWeights());
        assertTrue(equalOne - equalTen >= 0.15, "equal-weight FedAvg: " + equalOne + " -> " + equalTen);
    }

    @Test
    void sampleWeightingIgnoresTheSplit() {
        double one = class1Accuracy(1, FedAvg.sampleWeighted());
        double ten = class1Accuracy(10, FedAvg.sampleWeighted());
        assertTrue(Math.abs(one - ten) < 0.1, "sample-weighted FedAvg: " + one + " -> " + ten);
    }
}
