/**
 * The leverage of one client on a federated average (the text's Sections 3 and 4):
 * {@link org.fedpoison.leverage.Leverage} holds the formulas ({@code α_k}, {@code Δ = (w_m −
 * w_honest,m)/K}, {@code 2B/K}, the model-replacement report) as pure functions, and
 * {@link org.fedpoison.leverage.MeanEstimation} is the text's scalar mean-estimation
 * demonstration (Code 35.4.1), reproducing its printed output exactly — with NumPy's pairwise sum
 * ({@link org.fedpoison.leverage.NumpySum}) and Python's number formatting
 * ({@link org.fedpoison.leverage.PyFormat}) that printing it digit for digit needs.
 */
package org.fedpoison.leverage;
