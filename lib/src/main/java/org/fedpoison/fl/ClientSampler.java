package org.fedpoison.fl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.fedpoison.core.Client;
import org.fedpoison.util.Seeds;
import org.fedpoison.util.Shuffle;

/**
 * Which clients take part in each round: every client whose
 * {@link Client#alwaysParticipates(int) alwaysParticipates(t)} is true, and a uniform sample
 * without replacement of the others to make {@code perRound} (drawn from
 * {@code Seeds.derive(seed, t, -1)} by {@link Shuffle#prefix}); with {@code perRound} at least the
 * number of clients, all of them. When more clients ask to take part than there are places, the
 * round has exactly those. The result is in client-id order and depends only on the seed, the
 * round and the clients.
 */
final class ClientSampler {
    private final List<Client> clients;
    private final int perRound;
    private final long seed;

    /**
     * @param clients  the clients, in id order
     * @param perRound clients per round, at least 1
     * @param seed     the simulation's seed
     */
    ClientSampler(List<Client> clients, int perRound, long seed) {
        this.clients = List.copyOf(clients);
        this.perRound = perRound;
        this.seed = seed;
    }

    /** The clients sampled in round {@code t}, in id order. */
    List<Client> sample(int t) {
        int n = clients.size();
        if (perRound >= n) {
            return clients;
        }
        int[] forced = new int[n];
        int[] free = new int[n];
        int nForced = 0;
        int nFree = 0;
        for (int i = 0; i < n; i++) {
            if (clients.get(i).alwaysParticipates(t)) {
                forced[nForced++] = i;
            } else {
                free[nFree++] = i;
            }
        }
        int draw = Math.max(0, perRound - nForced);
        Shuffle.prefix(free, nFree, draw, new SplittableRandom(Seeds.derive(seed, t, -1)));
        int[] chosen = new int[nForced + draw];
        System.arraycopy(forced, 0, chosen, 0, nForced);
        System.arraycopy(free, 0, chosen, nForced, draw);
        Arrays.sort(chosen);
        List<Client> out = new ArrayList<>(chosen.length);
        for (int i : chosen) {
            out.add(clients.get(i));
        }
        return out;
    }
}
