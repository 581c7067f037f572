/**
 * Per-round measurements of attack success, each a {@link org.fedpoison.core.Metric} whose exact
 * definition is in its Javadoc: {@link org.fedpoison.metrics.BackdoorSuccess},
 * {@link org.fedpoison.metrics.TargetedFlipSuccess}, {@link org.fedpoison.metrics.DistanceToTarget};
 * and {@link org.fedpoison.metrics.Durability}, which reads a backdoor's survival after the attack
 * stops from a metric series. Clean accuracy and per-class accuracy are in the history already.
 */
package org.fedpoison.metrics;
