/**
 * Server-side aggregation rules: FedAvg, the rule under attack, and the robust rules that Section 7
 * of the text previews as defences. Every rule implements {@link org.fedpoison.core.Aggregator}
 * (the round's deltas in, one aggregate delta out) and is named as the literature names it:
 *
 * <table>
 *   <caption>Aggregation rules</caption>
 *   <tr><th>class</th><th>rule</th><th>needs</th><th>tolerates</th></tr>
 *   <tr><td>{@link org.fedpoison.aggregate.FedAvg}</td><td>weighted mean</td><td>n &ge; 1</td>
 *       <td>nothing: one client can set the result</td></tr>
 *   <tr><td>{@link org.fedpoison.aggregate.NormClipping}</td><td>clip each delta to norm B, then any rule</td>
 *       <td>as the inner rule</td><td>bounds one client's pull on a mean to 2B/K</td></tr>
 *   <tr><td>{@link org.fedpoison.aggregate.CosineScreen}</td><td>drop each delta whose cosine to the
 *       coordinate median is below tau, then any rule</td><td>as the inner rule</td>
 *       <td>updates pointing away from the consensus (not a boost)</td></tr>
 *   <tr><td>{@link org.fedpoison.aggregate.CoordinateMedian}</td><td>per-coordinate median
 *       (even n: mean of the middle pair)</td><td>n &ge; 1</td><td>fewer than half (breakdown 1/2)</td></tr>
 *   <tr><td>{@link org.fedpoison.aggregate.TrimmedMean}</td><td>per-coordinate mean without the f
 *       largest and f smallest</td><td>n &gt; 2f</td><td>f</td></tr>
 *   <tr><td>{@link org.fedpoison.aggregate.Krum}</td><td>the delta closest to its n - f - 2 neighbours</td>
 *       <td>n &gt; 2f + 2</td><td>f</td></tr>
 *   <tr><td>{@link org.fedpoison.aggregate.MultiKrum}</td><td>mean of the m best Krum scores</td>
 *       <td>n &gt; 2f + 2, n &ge; m</td><td>f</td></tr>
 *   <tr><td>{@link org.fedpoison.aggregate.GeometricMedian}</td><td>minimiser of the summed distances
 *       (smoothed Weiszfeld)</td><td>n &ge; 1</td><td>fewer than half (breakdown 1/2)</td></tr>
 *   <tr><td>{@link org.fedpoison.aggregate.FoolsGold}</td><td>weights from the cosine similarity of
 *       clients' histories</td><td>n &ge; 1, one update per id</td><td>any number of similar sybils,
 *       given one honest client that differs</td></tr>
 *   <tr><td>{@link org.fedpoison.aggregate.Bulyan}</td><td>Krum-selected set, then per-coordinate
 *       mean around the median</td><td>n &ge; 4f + 3</td><td>f</td></tr>
 * </table>
 *
 * <p>Common contract of the robust rules: settings are checked when the rule is built; the number
 * of clients, equal dimensions and finite values are checked at call time, with an
 * {@link java.lang.IllegalArgumentException} naming the rule, f, n and what is needed (and the
 * client at fault); the input deltas are never modified; the result is bit-for-bit the same
 * whatever the order of the updates (updates are put in a canonical order by client id first);
 * the example counts clients report are ignored (a liar could inflate them); {@code FLOAT} inputs
 * give a {@code FLOAT} result and anything involving {@code DOUBLE} a {@code DOUBLE} one, with the
 * arithmetic done in {@code double}. FedAvg keeps the same contract except that it does not reject
 * non-finite values (naive FedAvg: one NaN makes the mean NaN). The shared arithmetic lives beside
 * the rules: {@link org.fedpoison.aggregate.RoundUpdates} (a round's validated updates),
 * {@link org.fedpoison.aggregate.OrderStatistics} (per-coordinate selection, on
 * {@code SortingNetwork}s), {@code Gram} (Gram matrices around a typed centre and the distances
 * from them), {@code KrumScoring} (Krum's scores and their order), {@code WeightedSums} (weighted
 * sums and norms), and {@link org.fedpoison.aggregate.ComposedRule} /
 * {@link org.fedpoison.aggregate.NormBoundRule} (the plumbing of the rules that clip or screen
 * before an inner rule). Loops over large rounds run on {@link org.fedpoison.util.Parallel}.
 */
package org.fedpoison.aggregate;
