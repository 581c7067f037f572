package org.fedpoison.attack;

import org.fedpoison.fl.ClientUpdate;
import org.fedpoison.fl.RoundContext;

/**
 * Changes the update a malicious client sends (sign flip, noise, scaling, model replacement,
 * constrain-and-scale, ALIE, inner-product manipulation).
 */
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

    /** A short name for tables. */
    String name();
}
