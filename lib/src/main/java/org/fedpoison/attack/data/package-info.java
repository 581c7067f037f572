/**
 * Data poisoning ({@link org.fedpoison.core.DataPoisoning}): a malicious client's local data is
 * changed, and the client then trains on it honestly. {@link org.fedpoison.attack.data.LabelFlip}
 * (targeted, all-to-one, random), {@link org.fedpoison.attack.data.FeatureCollision} (clean-label,
 * Shafahi et al. 2018), {@link org.fedpoison.attack.data.PixelPatternBackdoor} with a
 * {@link org.fedpoison.attack.data.Trigger} (Gu et al. 2017),
 * {@link org.fedpoison.attack.data.DistributedBackdoor} (Xie et al. 2020),
 * {@link org.fedpoison.attack.data.EdgeCaseBackdoor} (Wang et al. 2020) and
 * {@link org.fedpoison.attack.data.GradientMatching} (clean-label, Geiping et al. 2021).
 */
package org.fedpoison.attack.data;
