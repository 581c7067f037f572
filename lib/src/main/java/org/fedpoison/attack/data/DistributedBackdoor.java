package org.fedpoison.attack.data;

import java.util.Arrays;
import java.util.List;
import org.fedpoison.core.DataPoisoning;
import org.fedpoison.core.Dataset;

/**
 * Distributed backdoor attack (DBA): the global trigger is split into {@code k} local parts and
 * each colluding client stamps only its own part on its poisoned examples (relabelled to the
 * target). No single malicious update carries the whole trigger; the global model learns the
 * union, and the attack is tested with the full global trigger.
 *
 * <p>{@code part(client) = colluders.indexOf(client) mod k}; each colluder then acts as a
 * {@link PixelPatternBackdoor} with trigger {@code global.split(k).get(part)}.
 *
 * <p>Settings: {@code global} trigger; {@code parts} k in [1, pixels of the trigger];
 * {@code colluders} the ids of the colluding clients (distinct, in the order that assigns parts);
 * {@code target} class; {@code fraction} of non-target local examples stamped, in [0, 1];
 * {@code append} as in {@link PixelPatternBackdoor}. Poisoning a client that is not a colluder is
 * an error naming the client.
 *
 * <p>Paper: Xie, Huang, Chen and Li, "DBA: Distributed backdoor attacks against federated
 * learning" (ICLR 2020).
 */
public final class DistributedBackdoor implements DataPoisoning {
    private final Trigger global;
    private final List<Trigger> parts;
    private final int[] colluders;
    private final PixelPatternBackdoor base;

    /**
     * @param global    the full trigger the attack is tested with
     * @param parts     into how many local triggers it is cut
     * @param colluders the colluding client ids; colluder i gets part {@code i mod parts}
     * @param target    the target class
     * @param fraction  share of each colluder's non-target examples that are stamped
     * @param append    keep the clean examples and append the stamped copies (else replace them)
     */
    public static DistributedBackdoor of(Trigger global, int parts, int[] colluders, int target, double fraction,
                               boolean append) {
        return new DistributedBackdoor(global, parts, colluders, target, fraction, append);
    }

    private DistributedBackdoor(Trigger global, int parts, int[] colluders, int target, double fraction,
                               boolean append) {
        if (global == null) {
            throw new IllegalArgumentException("global trigger must not be null");
        }
        if (colluders == null || colluders.length == 0) {
            throw new IllegalArgumentException("colluders must list at least one client id");
        }
        if (colluders.length < parts) {
            throw new IllegalArgumentException("colluders has " + colluders.length + " ids for " + parts
                    + " parts; need at least one colluder per part");
        }
        long distinct = Arrays.stream(colluders).distinct().count();
        if (distinct != colluders.length) {
            throw new IllegalArgumentException("colluders " + Arrays.toString(colluders) + " contains a repeated id");
        }
        this.global = global;
        this.parts = global.split(parts);
        this.colluders = colluders.clone();
        this.base = append ? PixelPatternBackdoor.appending(global, target, fraction)
                : PixelPatternBackdoor.of(global, target, fraction);
    }

    /** The full trigger. */
    public Trigger globalTrigger() {
        return global;
    }

    /** The local triggers, in part order. */
    public List<Trigger> parts() {
        return parts;
    }

    /** The local trigger of a colluding client. */
    public Trigger partOf(int clientId) {
        for (int i = 0; i < colluders.length; i++) {
            if (colluders[i] == clientId) {
                return parts.get(i % parts.size());
            }
        }
        throw new IllegalArgumentException("client " + clientId + " is not one of the colluders "
                + Arrays.toString(colluders));
    }

    public int target() {
        return base.target();
    }

    @Override
    public Dataset poison(Dataset clean, int clientId, long seed) {
        return base.stampWith(partOf(clientId), clean, seed);
    }

    /** The backdoor test set with the full global trigger: non-target test examples, stamped, true labels kept. */
    public Dataset testSet(Dataset test) {
        return global.stampTestSet(test, base.target());
    }

    @Override
    public String name() {
        return "DBA(" + parts.size() + " parts of " + global.size() + "px->" + base.target() + ")";
    }

    @Override
    public String toString() {
        return name();
    }
}
