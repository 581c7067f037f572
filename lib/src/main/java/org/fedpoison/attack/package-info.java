/**
 * Attacks on federated learning, one class per attack, named as the literature names it, in one
 * sub-package per kind: {@code attack.data}, {@code attack.model}, {@code attack.sybil}. This
 * package holds what they share: the malicious client, its schedule and {@link org.fedpoison.attack.Picks}.
 *
 * <p><b>Data poisoning</b> ({@link org.fedpoison.core.DataPoisoning}: changes a malicious
 * client's local data, which it then trains on honestly): {@link org.fedpoison.attack.data.LabelFlip},
 * {@link org.fedpoison.attack.data.FeatureCollision}, {@link org.fedpoison.attack.data.PixelPatternBackdoor},
 * {@link org.fedpoison.attack.data.DistributedBackdoor}.
 *
 * <p><b>Model poisoning</b> ({@link org.fedpoison.core.ModelPoisoning}: rewrites the update a
 * client sends): {@link org.fedpoison.attack.model.SignFlip}, {@link org.fedpoison.attack.model.GaussianNoise},
 * {@link org.fedpoison.attack.model.NonFinite}, {@link org.fedpoison.attack.model.ModelReplacement},
 * {@link org.fedpoison.attack.model.ConstrainAndScale}, {@link org.fedpoison.attack.model.ALittleIsEnough},
 * {@link org.fedpoison.attack.model.InnerProductManipulation}.
 *
 * <p><b>Putting them in a simulation</b>: {@link org.fedpoison.attack.MaliciousClient} combines
 * an optional data and an optional model poisoning, active per a
 * {@link org.fedpoison.attack.Schedule}; {@link org.fedpoison.attack.sybil.Sybils} fields one adversary
 * behind many identities, priced by an {@link org.fedpoison.attack.sybil.AdmissionCost}.
 *
 * <p>Conventions: settings are validated at construction (an {@link IllegalArgumentException}
 * names the setting, the value and what is allowed); inputs are never modified; every random
 * choice comes from an explicit seed.
 */
package org.fedpoison.attack;
