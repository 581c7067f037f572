package org.fedpoison.attack.sybil;

import java.util.List;
import java.util.SplittableRandom;
import org.fedpoison.attack.Schedule;
import org.fedpoison.core.Client;
import org.fedpoison.core.ClientUpdate;
import org.fedpoison.core.RoundContext;
import org.fedpoison.util.FlatVectors;
import org.fedpoison.util.Seeds;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** One identity of {@link Sybils#crafted}: sends the group's crafted delta, with its own seeded noise if asked. */
final class SybilIdentity implements Client {
    private final int id;
    private final int index;
    private final int groupSize;
    private final long examplesEach;
    private final Sybils.Craft craft;
    private final double sigma;
    private final Schedule schedule;
    private final long seed;

    SybilIdentity(int id, int index, int groupSize, long examplesEach, Sybils.Craft craft, double sigma, Schedule schedule,
             long seed) {
        this.id = id;
        this.index = index;
        this.groupSize = groupSize;
        this.examplesEach = examplesEach;
        this.craft = craft;
        this.sigma = sigma;
        this.schedule = schedule;
        this.seed = seed;
    }

    @Override
    public int id() {
        return id;
    }

    @Override
    public long numExamples() {
        return examplesEach;
    }

    @Override
    public boolean observesPeers() {
        return craft.needsPeers();
    }

    @Override
    public boolean isMalicious() {
        return true;
    }

    @Override
    public ClientUpdate update(RoundContext ctx) {
        INDArray global = ctx.global();
        if (!schedule.isActive(ctx.round())) {
            return new ClientUpdate(id, Nd4j.zeros(global.dataType(), global.shape()), examplesEach);
        }
        INDArray delta = craft.delta(global, craft.needsPeers() ? ctx.peerUpdates() : List.of(), groupSize,
                examplesEach);
        if (sigma > 0) {
            SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, ctx.round(), index));
            double[] noise = new double[(int) delta.length()];
            for (int i = 0; i < noise.length; i++) {
                noise[i] = sigma * rng.nextGaussian();
            }
            delta = delta.add(FlatVectors.fromDoubles(noise, delta));
        }
        return new ClientUpdate(id, delta, examplesEach);
    }

    @Override
    public String toString() {
        return "Sybil[" + id + ", " + craft.name() + "]";
    }
}
