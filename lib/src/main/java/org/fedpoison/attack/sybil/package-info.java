/**
 * Sybils: one adversary behind many identities ({@link org.fedpoison.attack.sybil.Sybils}:
 * crafted identities, split data, the cheapest number of identities that breaks a rule), priced
 * by an {@link org.fedpoison.attack.sybil.AdmissionCost} (Douceur 2002).
 */
package org.fedpoison.attack.sybil;
