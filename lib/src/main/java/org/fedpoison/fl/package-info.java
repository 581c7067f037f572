/**
 * The federated protocol: {@link org.fedpoison.core.Client}s (honest: {@link org.fedpoison.fl.HonestClient},
 * built by {@link org.fedpoison.fl.Clients}) send {@link org.fedpoison.core.ClientUpdate}s, the
 * {@link org.fedpoison.fl.Simulation} aggregates them round by round and returns an immutable
 * {@link org.fedpoison.fl.History} of {@link org.fedpoison.fl.RoundRecord}s and
 * {@link org.fedpoison.fl.ClientRecord}s, convertible to Tablesaw tables.
 */
package org.fedpoison.fl;
