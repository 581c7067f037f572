package org.fedpoison.fl;

/**
 * What the server saw of one client in one round.
 *
 * @param clientId       the client's id
 * @param malicious      whether the client is controlled by the adversary (ground truth kept for
 *                       analysis; the server never uses it)
 * @param norm           L2 norm of the client's delta {@code ||delta||_2}
 * @param cosineToOthers cosine between the delta and the mean of the other accepted deltas of the
 *                       round, {@code <delta_i, mean_{j != i} delta_j> / (||delta_i|| ||mean||)};
 *                       {@code NaN} when it has no peer, when either vector is zero, or for a dropped update
 * @param weight         the share FedAvg with sample weights would give it,
 *                       {@code numExamples / sum of numExamples of the accepted updates}; 0 if dropped
 * @param numExamples    the example count the client reported
 */
public record ClientRecord(int clientId, boolean malicious, double norm, double cosineToOthers, double weight,
                           long numExamples) {}
