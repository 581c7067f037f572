package org.fedpoison.fl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import org.fedpoison.core.Client;
import org.fedpoison.core.ClientUpdate;
import org.fedpoison.core.RoundContext;
import org.fedpoison.data.Datasets;
import org.fedpoison.model.SoftmaxRegression;
import org.fedpoison.util.FlatVectors;
import org.junit.jupiter.api.Test;

/**
 * Clients that {@link Client#alwaysParticipates(int) always participate} are in every round they
 * ask for, and the server still samples the others to fill {@code clientsPerRound}.
 */
class AlwaysParticipatesTest {

    /** Sends a zero delta; takes part whenever {@code forced} says so. */
    record Zero(int id, IntPredicate forced) implements Client {
        @Override
        public long numExamples() {
            return 1;
        }

        @Override
        public ClientUpdate update(RoundContext ctx) {
            return new ClientUpdate(id, FlatVectors.of(new float[4]), 1);
        }

        @Override
        public boolean alwaysParticipates(int round) {
            return forced.test(round);
        }
    }

    static List<List<Integer>> participants(List<Client> clients, int perRound, int rounds) {
        History h = Simulation.builder().model(SoftmaxRegression.of(1, 2)).clients(clients)
                .test(Datasets.blobs(10, 1, 2, 1, 1)).rounds(rounds).clientsPerRound(perRound).threads(1)
                .build().run();
        List<List<Integer>> out = new ArrayList<>();
        for (RoundRecord r : h.rounds()) {
            out.add(r.clients().stream().map(ClientRecord::clientId).toList());
        }
        return out;
    }

    static List<Client> clients(int n, int forcedId, IntPredicate when) {
        List<Client> cs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            cs.add(new Zero(i, i == forcedId ? when : r -> false));
        }
        return cs;
    }

    @Test
    void aForcedClientIsInEveryRoundItAsksForAndTheRoundKeepsItsSize() {
        // client 7 of 10 asks for the even rounds; 3 per round: by chance it would miss 70% of them
        List<Client> cs = clients(10, 7, r -> r % 2 == 0);
        List<List<Integer>> rounds = participants(cs, 3, 20);
        ClientSampler sampler = new ClientSampler(cs, 3, Simulation.DEFAULT_SEED);
        for (int t = 0; t < rounds.size(); t++) {
            List<Integer> ids = rounds.get(t);
            assertEquals(3, ids.size(), "round " + t + ": " + ids);
            assertEquals(3, ids.stream().distinct().count(), "round " + t + ": " + ids);
            if (t % 2 == 0) {
                assertTrue(ids.contains(7), "round " + t + ": " + ids);
            }
            // the simulation takes part exactly the sampler's clients
            assertEquals(sampler.sample(t).stream().map(Client::id).toList(), ids, "round " + t);
        }
    }

    @Test
    void outsideItsRoundsAForcedClientIsSampledLikeEveryoneElse() {
        // over 4,000 rounds: in odd rounds client 7 is one of 3 drawn from 10 (p = 0.3); in even
        // rounds it is forced and the other 2 places go to 9 clients (p = 2/9 each)
        List<Client> cs = clients(10, 7, r -> r % 2 == 0);
        ClientSampler sampler = new ClientSampler(cs, 3, 5);
        int rounds = 4000;
        int[] oddHits = new int[10];
        int[] evenHits = new int[10];
        for (int t = 0; t < rounds; t++) {
            for (Client c : sampler.sample(t)) {
                (t % 2 == 0 ? evenHits : oddHits)[c.id()]++;
            }
        }
        int half = rounds / 2;
        assertEquals(half, evenHits[7]);
        for (int id = 0; id < 10; id++) {
            // 4.5 standard deviations of a binomial share over 2,000 rounds
            double odd = (double) oddHits[id] / half;
            assertEquals(0.3, odd, 4.5 * Math.sqrt(0.3 * 0.7 / half), "client " + id + " in odd rounds");
            if (id != 7) {
                double even = (double) evenHits[id] / half;
                double p = 2.0 / 9;
                assertEquals(p, even, 4.5 * Math.sqrt(p * (1 - p) / half), "client " + id + " in even rounds");
            }
        }
    }

    @Test
    void moreForcedClientsThanPlacesMakeTheWholeRound() {
        List<Client> cs = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            cs.add(new Zero(i, i < 4 ? r -> true : r -> false));
        }
        for (List<Integer> ids : participants(cs, 2, 5)) {
            assertEquals(List.of(0, 1, 2, 3), ids);
        }
    }
}
