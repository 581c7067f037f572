package org.fedpoison.fl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.fedpoison.aggregate.FedAvg;
import org.fedpoison.core.Client;
import org.fedpoison.core.ClientUpdate;
import org.fedpoison.core.TrainConfig;
import org.fedpoison.data.Datasets;
import org.fedpoison.data.Partitioners;
import org.fedpoison.data.TrainTest;
import org.fedpoison.model.SoftmaxRegression;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class OneRoundTest {

    @Test
    void aHandPlayedRoundIsTheSimulationsRound() {
        TrainTest digits = Datasets.digits();
        var model = SoftmaxRegression.of(64, 10);
        TrainConfig cfg = new TrainConfig(1, 16, 0.5);
        List<Client> clients = Clients.honest(Partitioners.iid().partition(digits.train(), 5, 3), cfg);
        History two = Simulation.builder().model(model).clients(clients).test(digits.test())
                .aggregator(FedAvg.equalWeights()).train(cfg).rounds(2).seed(3).build().run();
        History one = Simulation.builder().model(model).clients(clients).test(digits.test())
                .aggregator(FedAvg.equalWeights()).train(cfg).rounds(1).seed(3).build().run();
        OneRound r = OneRound.play(model, clients, one.finalParams(), 1, 3, cfg);
        assertEquals(5, r.updates().size());
        INDArray byHand = r.next(FedAvg.equalWeights());
        assertArrayEquals(two.finalParams().toFloatVector(), byHand.toFloatVector(), 0f, "bit for bit");
    }

    @Test
    void replaceAndPlusChangeOnlyTheirUpdates() {
        INDArray g = org.nd4j.linalg.factory.Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, 2);
        INDArray a = org.nd4j.linalg.factory.Nd4j.createFromArray(1f, 2f);
        INDArray b = org.nd4j.linalg.factory.Nd4j.createFromArray(3f, 4f);
        OneRound r = new OneRound(0, g, List.of(new ClientUpdate(0, a, 1), new ClientUpdate(1, b, 1)));
        OneRound s = r.replace(1, a.neg());
        assertArrayEquals(new float[] {0f, 0f}, s.next(FedAvg.equalWeights()).toFloatVector());
        assertArrayEquals(new float[] {2f, 3f}, r.next(FedAvg.equalWeights()).toFloatVector(), "r is unchanged");
        OneRound t = r.plus(List.of(new ClientUpdate(7, b, 1)));
        assertEquals(3, t.updates().size());
        assertArrayEquals(new float[] {7f / 3, 10f / 3}, t.next(FedAvg.equalWeights()).toFloatVector(), 1e-6f);
        assertThrows(IllegalArgumentException.class, () -> r.replace(5, a));
    }
}
