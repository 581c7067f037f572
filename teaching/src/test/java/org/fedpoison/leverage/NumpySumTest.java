package org.fedpoison.leverage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.fedpoison.rng.NumpyRng;
import org.junit.jupiter.api.Test;

/** NumpySum against a.sum(), a.mean() and a[1:].sum() written by NumPy 1.24.2 (resources numpy/sums.txt). */
class NumpySumTest {

    @Test
    void matchesNumpyPairwiseSummationBitForBit() throws Exception {
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                NumpySumTest.class.getResourceAsStream("/numpy/sums.txt"), StandardCharsets.UTF_8))) {
            r.lines().filter(l -> l.startsWith("sum ")).forEach(lines::add);
        }
        assertTrue(lines.size() >= 15, "reference lines: " + lines.size());
        int naiveDiffers = 0;
        for (String line : lines) {
            String[] parts = line.split(" : ");
            int n = Integer.parseInt(parts[0].substring(4));
            String[] v = parts[1].split(" ");
            // the same array as the Python script: ldexp(z, k), z normals, k in [-30, 30)
            NumpyRng g = NumpyRng.defaultRng(n);
            double[] z = g.standardNormal(n);
            long[] k = g.integers(-30, 30, n);
            double[] a = new double[n];
            double naive = 0;
            for (int i = 0; i < n; i++) {
                a[i] = Math.scalb(z[i], (int) k[i]);
                naive += a[i];
            }
            assertBits(v[0], NumpySum.sum(a), "sum, n = " + n);
            if (n > 0) {
                assertBits(v[1], NumpySum.mean(a), "mean, n = " + n);
            }
            assertBits(v[2], NumpySum.sum(a, Math.min(1, n), n), "a[1:].sum(), n = " + n);
            if (Double.doubleToRawLongBits(naive) != Double.doubleToRawLongBits(NumpySum.sum(a))) {
                naiveDiffers++;
            }
        }
        // the fixture is only useful if the order of additions shows
        assertTrue(naiveDiffers >= 3, "left-to-right summation differs from NumPy on only " + naiveDiffers + " arrays");
    }

    private static void assertBits(String expected, double got, String what) {
        assertEquals(Double.doubleToRawLongBits(Double.parseDouble(expected)), Double.doubleToRawLongBits(got),
                what + ": numpy " + expected + ", java " + got);
    }

    @Test
    void smallArraysByHand() {
        assertEquals(6.0, NumpySum.sum(new double[] {1, 2, 3}), 0.0);
        assertEquals(2.0, NumpySum.mean(new double[] {1, 2, 3}), 0.0);
        assertEquals(0.0, NumpySum.sum(new double[0]), 0.0);
        // 1e16 followed by fifteen ones. Left to right, every +1 is lost (1e16 + 1 rounds back to
        // 1e16). NumPy's eight running sums lose only the one added to 1e16 in r0; r1..r7 hold 2
        // each, and ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7)) = 1e16 + 14 exactly.
        double[] a = new double[16];
        Arrays.fill(a, 1.0);
        a[0] = 1e16;
        assertEquals(1e16 + 14, NumpySum.sum(a), 0.0);
    }

    @Test
    void doesNotModifyInputAndRejectsBadRanges() {
        double[] a = {3, 1, 2};
        NumpySum.sum(a);
        assertEquals(List.of(3.0, 1.0, 2.0), Arrays.stream(a).boxed().toList());
        assertThrows(IllegalArgumentException.class, () -> NumpySum.sum(a, 2, 1));
        assertThrows(IllegalArgumentException.class, () -> NumpySum.sum(a, 0, 4));
        assertThrows(IllegalArgumentException.class, () -> NumpySum.mean(new double[0]));
    }
}
