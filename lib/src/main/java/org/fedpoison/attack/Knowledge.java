package org.fedpoison.attack;

/**
 * What a model-poisoning attacker knows of the round when it crafts its update: its attack-knowledge
 * model, an explicit setting of every attack that can use the other clients' updates
 * ({@code ALittleIsEnough}, {@code InnerProductManipulation}, {@code SignFlip}, ...).
 *
 * <p>"Benign updates" are the updates of the round's clients that do not themselves observe peers,
 * which the simulation hands to observing clients in {@code RoundContext.peerUpdates()}: every
 * honest client's and those of attackers that do not observe (a label flipper, say), which an
 * omniscient adversary could not tell apart either. Colluders that observe peers see the same list,
 * never each other's updates, so a deterministic rule over it makes them all send one vector.
 */
public enum Knowledge {
    /** The attacker knows only its own honest update (what it would have sent had it been honest). */
    OWN_UPDATE,
    /** The attacker sees the round's benign updates (an omniscient attacker), not counting its own. */
    BENIGN_UPDATES,
    /** The benign updates and its own honest update, pooled (an omniscient attacker that adds its own sample). */
    BENIGN_AND_OWN;

    /** Whether the attacker needs the round's other updates ({@code ModelPoisoning.needsPeers()}). */
    public boolean needsPeers() {
        return this != OWN_UPDATE;
    }
}
