package org.fedpoison.attack.sybil;

/**
 * The price of an identity: every client identity costs {@code c} (work for a proof of work,
 * stake locked, or the cost of obtaining an attested device), and the adversary has a budget
 * {@code b}, so it can field at most {@code s_max = floor(b / c)} sybils. Admission cost is the
 * defense of Section 6 of the text: aggregation reasons about updates, sybils are an identity
 * problem, so the count of identities must be made expensive.
 *
 * <pre>{@code cost(s) = s * c;   s_max = floor(b / c)}</pre>
 *
 * <p>Reference: Douceur, "The Sybil attack" (IPTPS 2002); Fung, Yoon and Beschastnikh,
 * "The limitations of federated learning in sybil settings" (RAID 2020).
 *
 * @param perIdentity {@code c}, the cost of one identity, positive and finite
 * @param budget      {@code b}, what the adversary can spend, >= 0 and finite
 * @param mechanism   a label for tables ("proof of work", "stake", "attestation", ...)
 */
public record AdmissionCost(double perIdentity, double budget, String mechanism) {
    public AdmissionCost {
        if (!(perIdentity > 0) || Double.isInfinite(perIdentity)) {
            throw new IllegalArgumentException("perIdentity is " + perIdentity + ", must be positive and finite");
        }
        if (!(budget >= 0) || Double.isInfinite(budget)) {
            throw new IllegalArgumentException("budget is " + budget + ", must be >= 0 and finite");
        }
        if (mechanism == null || mechanism.isBlank()) {
            mechanism = "admission";
        }
    }

    /** A cost model without a label. */
    public static AdmissionCost of(double perIdentity, double budget) {
        return new AdmissionCost(perIdentity, budget, "admission");
    }

    /** Free identities with an unbounded count (an open system): {@code c} tiny, budget huge. */
    public static AdmissionCost free() {
        return new AdmissionCost(Double.MIN_NORMAL, Double.MAX_VALUE, "free");
    }

    /** {@code s_max = floor(b / c)}, capped at {@link Integer#MAX_VALUE}. */
    public int maxIdentities() {
        double s = Math.floor(budget / perIdentity);
        return s >= Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) s;
    }

    /** {@code cost(s) = s * c}. */
    public double cost(int s) {
        if (s < 0) {
            throw new IllegalArgumentException("s is " + s + ", must be >= 0");
        }
        return s * perIdentity;
    }

    /** Whether the adversary can afford {@code s} identities. */
    public boolean affordable(int s) {
        return s >= 0 && s <= maxIdentities();
    }
}
