/**
 * Attacks on federated learning, one class per attack, named as the literature names it.
 *
 * <p><b>Data poisoning</b> ({@link org.fedpoison.attack.DataPoisoning}: changes a malicious
 * client's local data, which it then trains on honestly): {@link org.fedpoison.attack.LabelFlip},
 * {@link org.fedpoison.attack.FeatureCollision}, {@link org.fedpoison.attack.PixelPatternBackdoor},
 * {@link org.fedpoison.attack.DistributedBackdoor}.
 *
 * <p><b>Model poisoning</b> ({@link org.fedpoison.attack.ModelPoisoning}: rewrites the update a
 * client sends): {@link org.fedpoison.attack.SignFlip}, {@link org.fedpoison.attack.GaussianNoise},
 * {@link org.fedpoison.attack.NonFinite}, {@link org.fedpoison.attack.ModelReplacement},
 * {@link org.fedpoison.attack.ConstrainAndScale}, {@link org.fedpoison.attack.ALittleIsEnough},
 * {@link org.fedpoison.attack.InnerProductManipulation}.
 *
 * <p><b>Putting them in a simulation</b>: {@link org.fedpoison.attack.MaliciousClient} combines
 * an optional data and an optional model poisoning, active per a
 * {@link org.fedpoison.attack.Schedule}; {@link org.fedpoison.attack.Sybils} fields one adversary
 * behind many identities, priced by an {@link org.fedpoison.attack.AdmissionCost}.
 *
 * <p>Conventions: settings are validated at construction (an {@link IllegalArgumentException}
 * names the setting, the value and what is allowed); inputs are never modified; every random
 * choice comes from an explicit seed.
 */
package org.fedpoison.attack;
