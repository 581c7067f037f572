package org.fedpoison.fl;

import org.fedpoison.core.Dataset;
import org.fedpoison.util.FlatVectors;

/** Finds the first NaN or infinite feature of a dataset, for error messages that name it. */
final class FiniteChecks {
    private FiniteChecks() {}

    /**
     * Throws an {@link IllegalArgumentException} naming {@code what}, the example, the feature and
     * its value if a feature of {@code data} is NaN or infinite.
     */
    static void requireFiniteFeatures(String what, Dataset data) {
        if (data.size() == 0 || FlatVectors.isFinite(data.features())) {
            return;
        }
        float[] f = FlatVectors.toArray(data.features());
        int bad = 0;
        while (Float.isFinite(f[bad])) {
            bad++;
        }
        throw new IllegalArgumentException(what + " example " + bad / data.dim() + " has feature " + bad % data.dim()
                + " = " + f[bad] + "; every feature must be finite (no NaN or infinity)");
    }
}
