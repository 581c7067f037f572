package org.fedpoison.aggregate;

import org.fedpoison.core.Aggregator;
import org.fedpoison.util.Check;

/**
 * What the rules that tolerate a set number {@code f} of Byzantine clients share: {@code f}
 * validated at construction ({@code f >= 0}), its accessor and the name {@code Rule(f=<f>)}.
 */
abstract class FaultTolerantRule implements Aggregator {

    private final String rule;
    private final int f;

    /**
     * @param rule the rule's name, for the name and error messages
     * @param f    the number of Byzantine clients to tolerate, {@code >= 0}
     * @throws IllegalArgumentException if {@code f < 0}
     */
    FaultTolerantRule(String rule, int f) {
        this.rule = rule;
        this.f = Check.atLeast(rule + ": f", f, 0);
    }

    /** The number of Byzantine clients tolerated. */
    public int f() {
        return f;
    }

    @Override
    public String name() {
        return rule + "(f=" + f + ")";
    }

    @Override
    public String toString() {
        return name();
    }
}
