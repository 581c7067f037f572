package org.fedpoison.attack.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.fedpoison.aggregate.CosineScreen;
import org.fedpoison.aggregate.FedAvg;
import org.fedpoison.aggregate.NormScreen;
import org.fedpoison.attack.MaliciousClient;
import org.fedpoison.attack.data.PixelPatternBackdoor;
import org.fedpoison.attack.data.Trigger;
import org.fedpoison.core.Aggregator;
import org.fedpoison.core.Client;
import org.fedpoison.core.ClientUpdate;
import org.fedpoison.core.Dataset;
import org.fedpoison.core.Model;
import org.fedpoison.core.ModelPoisoning;
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

/**
 * Reproduction of the evasion penalty end to end: a norm screen and a cosine screen whose bounds
 * come from an honest run (largest honest norm, smallest honest cosine to the round's median)
 * stop the boosted backdoor and the unpenalised constrain-and-scale respectively, and the
 * penalised constrain-and-scale passes both and still plants the backdoor.
 */
class ConstrainAndScaleScreensTest {
    static final TrainTest DIGITS = Datasets.digits();
    static final Model MODEL = Mlp.of(64, 32, 10);
    static final TrainConfig CFG = new TrainConfig(2, 16, 0.1);
    static final List<Dataset> PARTS = Partitioners.iid().partition(DIGITS.train(), 20, 5);
    static final List<Client> HONEST = Clients.honest(PARTS, CFG);
    static final PixelPatternBackdoor BACKDOOR = PixelPatternBackdoor.appending(Trigger.square(6, 6, 2, 1f), 0, 1.0);
    static final int ROUNDS = 20;

    /** Shares of the attackers' updates each screen would keep, and the final attack success through both. */
    record Outcome(double keptByNorm, double keptByCosine, double success) {}

    static Outcome run(ModelPoisoning attack, double b, double tau) {
        NormScreen norm = NormScreen.of(b, FedAvg.sampleWeighted());
        CosineScreen cos = CosineScreen.of(tau, FedAvg.sampleWeighted());
        Aggregator both = NormScreen.of(b, CosineScreen.of(tau, FedAvg.sampleWeighted()));
        int[] n = new int[3];
        Aggregator counting = (ups, ctx) -> {
            List<ClientUpdate> kn = norm.screen(ups);
            List<ClientUpdate> kc = cos.screen(ups);
            for (ClientUpdate u : ups) {
                if (u.clientId() < 2) {
                    n[0]++;
                    n[1] += kn.contains(u) ? 1 : 0;
                    n[2] += kc.contains(u) ? 1 : 0;
                }
            }
            return both.aggregate(ups, ctx);
        };
        List<Client> clients = Clients.replace(HONEST, List.of(0, 1), (id, c) -> MaliciousClient.builder(id, PARTS.get(id))
                .train(CFG).dataPoisoning(BACKDOOR).modelPoisoning(attack).build());
        History h = Simulation.builder().model(MODEL).clients(clients).test(DIGITS.test()).train(CFG).rounds(ROUNDS).seed(7)
                .aggregator(counting).metric(BackdoorSuccess.of(DIGITS.test(), BACKDOOR)).build().run();
        return new Outcome((double) n[1] / n[0], (double) n[2] / n[0], h.last().metric("backdoor_success"));
    }

    @Test
    void thePenalisedAttackPassesTheScreensThatStopTheOthers() {
        List<Double> honestCosines = new ArrayList<>();
        Aggregator recording = (ups, ctx) -> {
            for (double c : CosineScreen.cosines(ups)) {
                honestCosines.add(c);
            }
            return FedAvg.sampleWeighted().aggregate(ups, ctx);
        };
        History clean = Simulation.builder().model(MODEL).clients(HONEST).test(DIGITS.test()).train(CFG).rounds(ROUNDS)
                .seed(7).aggregator(recording).build().run();
        double b = clean.clientTable().doubleColumn("norm").max();
        double tau = Collections.min(honestCosines);

        Outcome boosted = run(ModelReplacement.boosted(), b, tau);
        Outcome plain = run(ConstrainAndScale.withClientCountBoost(0.99 * b), b, tau);
        Outcome penalised = run(ConstrainAndScale.withClientCountBoost(0.99 * b, 0.97), b, tau);
        String all = "boosted " + boosted + ", unpenalised " + plain + ", penalised " + penalised;
        assertEquals(0.0, boosted.keptByNorm(), all); // the norm screen stops every boosted update
        assertTrue(plain.keptByNorm() == 1.0 && plain.keptByCosine() < 0.6, all); // the cosine screen stops most unpenalised ones
        assertTrue(penalised.keptByNorm() == 1.0 && penalised.keptByCosine() >= 0.95, all); // the penalised pass both
        assertTrue(penalised.success() > 0.15 && penalised.success() > 3 * plain.success(), all);
    }
}
