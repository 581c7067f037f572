/**
 * Charts ({@link org.fedpoison.plot.Plots}, XChart), summary tables ({@link org.fedpoison.plot.Tables},
 * Tablesaw) and a text {@link org.fedpoison.plot.ProgressBar} for federated runs; all headless.
 */
package org.fedpoison.plot;
