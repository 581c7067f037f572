package org.fedpoison.core;

/**
 * Changes the update a malicious client sends (sign flip, noise, scaling, model replacement,
 * constrain-and-scale, ALIE, inner-product manipulation).
 *
 * <p>One abstract method, so a lambda will do; {@link #named(String, ModelPoisoning)} gives it a
 * name for tables. An attack that must see the round's honest updates overrides
 * {@link #needsPeers()}.
 */
@FunctionalInterface
public interface ModelPoisoning {

    /**
     * @param honest the update the client would have sent had it been honest (not modified)
     * @param ctx    the round's context; {@code ctx.peerUpdates()} holds the other clients'
     *               updates when {@link #needsPeers()} is true
     * @return the update to send instead
     */
    ClientUpdate poison(ClientUpdate honest, RoundContext ctx);

    /** Whether the attack needs to see the honest updates of the round (an omniscient attacker). */
    default boolean needsPeers() {
        return false;
    }

    /** A short name for tables (by default the class's simple name). */
    default String name() {
        return getClass().getSimpleName();
    }

    /**
     * A model poisoning with a name, for lambdas (it does not observe peers).
     *
     * @param name   the name shown in tables, not blank
     * @param attack the poisoning
     */
    static ModelPoisoning named(String name, ModelPoisoning attack) {
        Names.require("ModelPoisoning.named", name);
        if (attack == null) {
            throw new IllegalArgumentException("ModelPoisoning.named: attack is null, must be a ModelPoisoning");
        }
        return new ModelPoisoning() {
            @Override
            public ClientUpdate poison(ClientUpdate honest, RoundContext ctx) {
                return attack.poison(honest, ctx);
            }

            @Override
            public boolean needsPeers() {
                return attack.needsPeers();
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }
}
