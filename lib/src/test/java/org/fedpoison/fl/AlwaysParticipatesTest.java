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
        List<List<Integer>> rounds = participants(clients(10, 7, r -> r % 2 == 0), 3, 20);
        int oddRoundsWith7 = 0;
        for (int t = 0; t < rounds.size(); t++) {
            List<Integer> ids = rounds.get(t);
            assertEquals(3, ids.size(), "round " + t + ": " + ids);
            assertEquals(3, ids.stream().distinct().count(), "round " + t + ": " + ids);
            if (t % 2 == 0) {
                assertTrue(ids.contains(7), "round " + t + ": " + ids);
            } else if (ids.contains(7)) {
                oddRoundsWith7++;
            }
        }
        // in odd rounds it is sampled like everyone else (3 of 10), so it is not in all of them
        assertTrue(oddRoundsWith7 < 10, "client 7 in " + oddRoundsWith7 + " of 10 odd rounds");
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
