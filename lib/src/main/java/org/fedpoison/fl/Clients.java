package org.fedpoison.fl;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.fedpoison.core.Client;
import org.fedpoison.core.Dataset;
import org.fedpoison.core.TrainConfig;

/** Factories for lists of clients. */
public final class Clients {
    private Clients() {}

    /** Honest clients with ids {@code 0..n-1}, client {@code i} owning {@code parts.get(i)}, training with {@code cfg}. */
    public static List<Client> honest(List<Dataset> parts, TrainConfig cfg) {
        if (parts == null || parts.isEmpty()) {
            throw new IllegalArgumentException("parts must hold at least one dataset (one per client)");
        }
        List<Client> out = new ArrayList<>(parts.size());
        for (int i = 0; i < parts.size(); i++) {
            out.add(HonestClient.of(i, parts.get(i), cfg));
        }
        return List.copyOf(out);
    }

    /** Honest clients with ids {@code 0..n-1} that train with the simulation's settings. */
    public static List<Client> honest(List<Dataset> parts) {
        return honest(parts, null);
    }

    /**
     * The same list with the clients whose ids are in {@code ids} replaced by
     * {@code replace.apply(id, original)} (for example a malicious client built around the honest one's data).
     *
     * @throws IllegalArgumentException if an id is not in the list
     */
    public static List<Client> replace(List<? extends Client> clients, List<Integer> ids,
                                       BiFunction<Integer, Client, Client> replace) {
        List<Client> out = new ArrayList<>(clients);
        for (int id : ids) {
            int at = -1;
            for (int i = 0; i < out.size(); i++) {
                if (out.get(i).id() == id) {
                    at = i;
                }
            }
            if (at < 0) {
                throw new IllegalArgumentException("client id " + id + " is not among the clients");
            }
            out.set(at, replace.apply(id, out.get(at)));
        }
        return List.copyOf(out);
    }
}
