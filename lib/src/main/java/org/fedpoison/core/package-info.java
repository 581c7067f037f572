/**
 * The root concepts of the library, which every other package builds on and which depend on no
 * other package of it: a {@link org.fedpoison.core.Dataset}, a {@link org.fedpoison.core.Model}
 * with flat parameters ({@link org.fedpoison.core.TrainConfig},
 * {@link org.fedpoison.core.Evaluation}), a {@link org.fedpoison.core.Client} and the
 * {@link org.fedpoison.core.ClientUpdate} it sends in a round ({@link org.fedpoison.core.RoundContext}),
 * the server's {@link org.fedpoison.core.Aggregator} ({@link org.fedpoison.core.AggregationContext}),
 * the adversary's {@link org.fedpoison.core.DataPoisoning} and
 * {@link org.fedpoison.core.ModelPoisoning}, and a per-round {@link org.fedpoison.core.Metric}.
 *
 * <p>{@code Aggregator}, {@code Metric}, {@code DataPoisoning} and {@code ModelPoisoning} have one
 * abstract method each, so lambdas implement them; their {@code named(name, lambda)} factories give
 * a lambda its name for tables. Implementations live in {@code aggregate}, {@code attack.*} and
 * {@code metrics}; the round loop is {@code fl.Simulation}.
 */
package org.fedpoison.core;
