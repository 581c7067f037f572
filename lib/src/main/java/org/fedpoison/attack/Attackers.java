package org.fedpoison.attack;

import java.util.Collection;
import java.util.List;
import java.util.function.UnaryOperator;
import org.fedpoison.core.Client;
import org.fedpoison.core.DataPoisoning;
import org.fedpoison.core.ModelPoisoning;
import org.fedpoison.fl.Clients;
import org.fedpoison.fl.HonestClient;

/**
 * "Replace these clients with attackers": the same list of clients in which the clients with the
 * given ids become {@link MaliciousClient}s holding the very data, and training with the very
 * settings, the honest clients had. What the attacker does on top is said by a function of the
 * prefilled {@link MaliciousClient.Builder}:
 * <pre>{@code
 * List<Client> run = Attackers.replace(honest, List.of(0, 1), b -> b.dataPoisoning(backdoor)
 *         .modelPoisoning(ModelReplacement.boosted()).schedule(Schedule.oneShot(20)));
 * List<Client> flipped = Attackers.replace(honest, List.of(0, 1, 2), LabelFlip.random(1.0));
 * }</pre>
 * The input list is not modified; the order of the clients is kept.
 */
public final class Attackers {
    private Attackers() {}

    /**
     * The clients with those in {@code ids} replaced by {@code attack.apply(builder)}, where the
     * builder is {@code MaliciousClient.builder(id, honest.data())} with the honest client's training
     * settings (if it had any).
     *
     * @throws IllegalArgumentException if an id is not among the clients, a replaced client is not
     *                                  an {@link HonestClient}, or an argument is null
     */
    public static List<Client> replace(List<? extends Client> clients, Collection<Integer> ids,
                                       UnaryOperator<MaliciousClient.Builder> attack) {
        if (clients == null || ids == null || attack == null) {
            throw new IllegalArgumentException("clients, ids and attack must not be null");
        }
        return Clients.replace(clients, List.copyOf(ids), (id, c) -> {
            if (!(c instanceof HonestClient h)) {
                throw new IllegalArgumentException("client " + id + " is a " + c.getClass().getSimpleName()
                        + ", not an HonestClient: only honest clients' data can be handed to an attacker");
            }
            MaliciousClient.Builder b = MaliciousClient.builder(id, h.data());
            if (h.config() != null) {
                b.train(h.config());
            }
            MaliciousClient.Builder configured = attack.apply(b);
            if (configured == null) {
                throw new IllegalArgumentException("the attack function returned null for client " + id);
            }
            return configured.build();
        });
    }

    /** The clients in {@code ids} poison their own data with {@code poison} and train on it honestly. */
    public static List<Client> replace(List<? extends Client> clients, Collection<Integer> ids, DataPoisoning poison) {
        if (poison == null) {
            throw new IllegalArgumentException("poison must not be null");
        }
        return replace(clients, ids, b -> b.dataPoisoning(poison));
    }

    /** The clients in {@code ids} train honestly and rewrite their update with {@code poison}. */
    public static List<Client> replace(List<? extends Client> clients, Collection<Integer> ids, ModelPoisoning poison) {
        if (poison == null) {
            throw new IllegalArgumentException("poison must not be null");
        }
        return replace(clients, ids, b -> b.modelPoisoning(poison));
    }
}
