package org.fedpoison.leverage;

import org.fedpoison.rng.NumpyRng;
import org.fedpoison.util.Check;

/**
 * The text's scalar mean-estimation task (Section 4, Code 35.4.1): {@code K} clients each report
 * one noisy estimate {@code trueMean + sigma * z_k} of a number, with {@code z} drawn from
 * {@code NumpyRng.defaultRng(seed).standardNormal(K)}, and the server averages them with equal
 * weights. {@link #run} then plays the text's two attacks on one client:
 * <ul>
 *   <li>sign flip: the client reports {@code flipValue} (the text: {@code −trueMean}); the
 *       average moves by {@code (flipValue − w_honest,m) / K}, a bounded {@code 1/K} effect;</li>
 *   <li>model replacement: the client reports {@code K·target − Σ_{k≠m} w_k}, and the average
 *       lands on {@code target}.</li>
 * </ul>
 * Sums and means follow NumPy's order of operations ({@link NumpySum}) and the numbers come from
 * the NumPy-compatible generator, so {@code MeanEstimation.ofText().run().report()} prints the
 * text's Output 35.4.1 character for character.
 *
 * @param numClients {@code K}, the number of clients, {@code >= 1}
 * @param trueMean   the number honest clients estimate, finite
 * @param sigma      the standard deviation of their noise, finite and {@code >= 0}
 * @param seed       the seed of {@code np.random.default_rng}, {@code >= 0}
 */
public record MeanEstimation(int numClients, double trueMean, double sigma, long seed) {

    /** Validates the settings. */
    public MeanEstimation {
        if (numClients < 1) {
            throw new IllegalArgumentException("numClients = " + numClients + "; need at least 1 client");
        }
        Check.finite("trueMean", trueMean);
        Check.nonNegative("sigma", sigma);
        if (seed < 0) {
            throw new IllegalArgumentException("seed = " + seed + "; NumPy seeds must be >= 0");
        }
    }

    /** The text's setting: {@code K = 20}, true mean 5.0, noise 0.2, seed 7. */
    public static MeanEstimation ofText() {
        return new MeanEstimation(20, 5.0, 0.2, 7);
    }

    /** The honest reports {@code trueMean + sigma * z_k}, a fresh array on every call. */
    public double[] honestReports() {
        double[] z = NumpyRng.defaultRng(seed).standardNormal(numClients);
        double[] w = new double[numClients];
        for (int k = 0; k < numClients; k++) {
            w[k] = trueMean + sigma * z[k];
        }
        return w;
    }

    /** The text's run: client 0 attacks, flips to {@code −trueMean}, and targets {@code 0.0}. */
    public Result run() {
        return run(0, -trueMean, 0.0);
    }

    /**
     * Both attacks by client {@code attacker}.
     *
     * @param attacker  the malicious client's index, {@code 0..K-1}
     * @param flipValue what the client reports in the sign-flip attack, finite
     * @param target    the average the client forces in the replacement attack, finite
     * @throws IllegalArgumentException for an index out of range or a non-finite value
     */
    public Result run(int attacker, double flipValue, double target) {
        if (attacker < 0 || attacker >= numClients) {
            throw new IllegalArgumentException("attacker = " + attacker + "; allowed 0.." + (numClients - 1));
        }
        Check.finite("flipValue", flipValue);
        Check.finite("target", target);
        double[] honest = honestReports();
        double cleanGlobal = NumpySum.mean(honest);

        double[] poisoned = honest.clone();
        poisoned[attacker] = flipValue;
        double flipGlobal = NumpySum.mean(poisoned);

        double[] others = new double[numClients - 1];
        for (int k = 0, j = 0; k < numClients; k++) {
            if (k != attacker) {
                others[j++] = honest[k];
            }
        }
        double sumOthers = NumpySum.sum(others);
        double crafted = numClients * target - sumOthers;
        double[] scaled = honest.clone();
        scaled[attacker] = crafted;
        double replaceGlobal = NumpySum.mean(scaled);

        return new Result(numClients, cleanGlobal, 1.0 / numClients, flipGlobal, target, crafted, replaceGlobal);
    }

    /**
     * What one run measured.
     *
     * @param numClients    {@code K}
     * @param honestGlobal  the average with nobody attacking
     * @param leverage      one client's share {@code 1/K}
     * @param flipGlobal    the average after the sign flip
     * @param target        the replacement attack's target
     * @param craftedUpdate the replacement report {@code K·target − Σ_{k≠m} w_k}
     * @param replaceGlobal the average after the replacement attack
     */
    public record Result(int numClients, double honestGlobal, double leverage, double flipGlobal,
                         double target, double craftedUpdate, double replaceGlobal) {

        /** How far the sign flip moved the average: {@code flipGlobal − honestGlobal}. */
        public double flipShift() {
            return flipGlobal - honestGlobal;
        }

        /** Whether the replacement landed on the target: {@code |replaceGlobal − target| < 1e-9}. */
        public boolean hitTarget() {
            return Math.abs(replaceGlobal - target) < 1e-9;
        }

        /** The seven lines Code 35.4.1 prints (Output 35.4.1), joined by {@code \n}, no final newline. */
        public String report() {
            return String.join("\n",
                    "clients K                 : " + numClients,
                    "honest global estimate    : " + PyFormat.fixed(honestGlobal, 4),
                    "single-client leverage    : " + PyFormat.fixed(leverage, 4) + "  (1/K)",
                    "after one sign-flip client: " + PyFormat.fixed(flipGlobal, 4)
                            + "  (shift " + PyFormat.signed(flipShift(), 4) + ")",
                    "attacker target value     : " + PyFormat.fixed(target, 4),
                    "crafted scaled update     : " + PyFormat.fixed(craftedUpdate, 4),
                    "after scaling attack      : " + PyFormat.fixed(replaceGlobal, 4)
                            + "  (hit target? " + PyFormat.bool(hitTarget()) + ")");
        }
    }
}
