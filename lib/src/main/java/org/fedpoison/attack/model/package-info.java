/**
 * Model poisoning ({@link org.fedpoison.core.ModelPoisoning}): the update a malicious client
 * sends is rewritten. {@link org.fedpoison.attack.model.SignFlip},
 * {@link org.fedpoison.attack.model.GaussianNoise}, {@link org.fedpoison.attack.model.NonFinite},
 * {@link org.fedpoison.attack.model.ModelReplacement} (Bagdasaryan et al. 2020),
 * {@link org.fedpoison.attack.model.ConstrainAndScale} (Bagdasaryan et al. 2020),
 * {@link org.fedpoison.attack.model.ALittleIsEnough} (Baruch et al. 2019),
 * {@link org.fedpoison.attack.model.InnerProductManipulation} (Xie et al. 2020),
 * {@link org.fedpoison.attack.model.Neurotoxin} (Zhang et al. 2022; it also takes over local training,
 * {@link org.fedpoison.attack.ProjectedTraining}) and {@link org.fedpoison.attack.model.Mimicry}
 * (Bhagoji et al. 2019).
 */
package org.fedpoison.attack.model;
