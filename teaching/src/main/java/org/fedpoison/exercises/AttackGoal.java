package org.fedpoison.exercises;

/**
 * The two coarse goals of a poisoning attack (the text's Section 1).
 * <ul>
 *   <li>{@link #AVAILABILITY} (untargeted): wreck the model's overall accuracy.</li>
 *   <li>{@link #TARGETED}: leave ordinary accuracy almost untouched and force a chosen wrong
 *       behaviour on inputs the attacker cares about (a backdoor is the sharpest form).</li>
 * </ul>
 */
public enum AttackGoal {
    /** Untargeted: degrade accuracy on everything. */
    AVAILABILITY,
    /** Surgical: a chosen misbehaviour, invisible in aggregate accuracy. */
    TARGETED
}
