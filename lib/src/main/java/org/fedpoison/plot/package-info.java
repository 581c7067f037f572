/**
 * Charts of federated runs ({@link org.fedpoison.plot.Plots}, XChart): accuracy, loss, per-class
 * accuracy, norm histograms, heat maps and lines; every helper returns the chart and renders
 * headless. Tables of runs are in {@code org.fedpoison.fl} ({@code History.toTable()},
 * {@code Tables}), as is the round callback {@code ProgressBar}.
 */
package org.fedpoison.plot;
