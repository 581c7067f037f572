/**
 * The Spark runner of {@code org.fedpoison.sweep}: {@link org.fedpoison.spark.SparkRunner} executes a
 * sweep's runs as Apache Spark tasks (in process with {@code local[*]}, or on a cluster), and
 * {@link org.fedpoison.spark.SweepSubmit} is the main class to {@code spark-submit} with a sweep
 * description file. A module of its own (built with {@code -Pspark}) so that neither the library nor
 * the notebooks depend on Spark.
 */
package org.fedpoison.spark;
