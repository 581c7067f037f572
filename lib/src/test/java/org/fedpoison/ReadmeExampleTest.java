package org.fedpoison;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.fedpoison.aggregate.FedAvg;
import org.fedpoison.attack.MaliciousClient;
import org.fedpoison.attack.Schedule;
import org.fedpoison.attack.data.PixelPatternBackdoor;
import org.fedpoison.attack.data.Trigger;
import org.fedpoison.attack.model.ModelReplacement;
import org.fedpoison.core.Client;
import org.fedpoison.core.Dataset;
import org.fedpoison.data.Datasets;
import org.fedpoison.data.Partitioners;
import org.fedpoison.data.TrainTest;
import org.fedpoison.fl.Clients;
import org.fedpoison.fl.History;
import org.fedpoison.fl.Simulation;
import org.fedpoison.metrics.BackdoorSuccess;
import org.fedpoison.model.Mlp;
import org.fedpoison.plot.Plots;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** The example of the top-level README, compiled and run, so the README stays true. */
class ReadmeExampleTest {

    @Test
    void readmeExampleRunsAndTheBackdoorIsMeasured() {
        // --- the README example, verbatim from here ...
        TrainTest digits = Datasets.digits();                              // shipped UCI digits, 8x8
        List<Dataset> parts = Partitioners.iid().partition(digits.train(), 20, 1);
        PixelPatternBackdoor backdoor = PixelPatternBackdoor.of(Trigger.square(0, 0, 3, 1f), 0, 0.5);
        List<Client> clients = new ArrayList<>(Clients.honest(parts));
        clients.set(0, MaliciousClient.builder(0, parts.get(0))            // one boosted backdoor client
                .dataPoisoning(backdoor).modelPoisoning(ModelReplacement.boosted())
                .schedule(Schedule.oneShot(15)).build());
        History h = Simulation.builder().model(Mlp.of(64, 32, 10)).clients(clients)
                .test(digits.test()).aggregator(FedAvg.sampleWeighted()).rounds(20).seed(42)
                .metric(BackdoorSuccess.of(digits.test(), backdoor))
                .build().run();
        Table table = h.toTable();                                          // accuracy, loss, metrics per round
        var chart = Plots.accuracy(h);
        // --- ... to here.

        assertEquals(20, table.rowCount());
        assertTrue(chart.getSeriesMap().size() >= 1);
        double[] success = h.metric(table.columnNames().stream()
                .filter(c -> c.toLowerCase().contains("backdoor")).findFirst().orElseThrow());
        // before the attacker starts, the trigger does little; right after its boosted round it works
        assertTrue(success[14] < 0.5, "backdoor success before the attack: " + success[14]);
        assertTrue(success[15] > 0.9, "backdoor success after one boosted round: " + success[15]);
    }
}
