package org.fedpoison.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.fedpoison.core.Dataset;
import org.fedpoison.util.FlatVectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class DatasetsTest {

    @Test
    void digitsAreTheShippedUciSetScaledToUnitInterval() {
        TrainTest tt = Datasets.digits();
        assertEquals(1797, tt.train().size() + tt.test().size());
        // class sizes 178,182,177,183,181,182,181,179,174,180; round(0.2 n_k) = 36,36,35,37,36,36,36,36,35,36
        assertArrayEquals(new int[] {178, 182, 177, 183, 181, 182, 181, 179, 174, 180}, Datasets.digitsAll().classCounts());
        assertEquals(359, tt.test().size());
        assertEquals(1438, tt.train().size());
        assertEquals(64, tt.train().dim());
        assertArrayEquals(new int[] {8, 8}, tt.train().imageShape());
        float[] x = FlatVectors.toArray(tt.train().features());
        float max = 0;
        for (float v : x) {
            assertTrue(v >= 0 && v <= 1);
            max = Math.max(max, v);
        }
        assertEquals(1f, max, "the brightest pixel count 16 maps to 1");
        // stratified: every class has round(0.2 n_k) test examples
        int[] all = Datasets.digitsAll().classCounts();
        int[] test = tt.test().classCounts();
        for (int k = 0; k < 10; k++) {
            assertEquals(Math.round(0.2 * all[k]), test[k], "class " + k);
        }
        // the split is fixed
        assertArrayEquals(tt.test().labels(), Datasets.stratifiedSplit(Datasets.digitsAll(), 0.2,
                Datasets.DIGITS_SPLIT_SEED).test().labels());
    }

    @Test
    void digitsShipWithTheirAttribution() throws java.io.IOException {
        try (var in = Datasets.class.getResourceAsStream("digits-ATTRIBUTION.txt")) {
            String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(text.contains("CC BY 4.0") && text.contains("Alpaydin") && text.contains("UCI"), text);
        }
    }

    @Test
    void missingFashionMnistNamesThePackageAndThePath(@org.junit.jupiter.api.io.TempDir Path dir) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Datasets.fashionMnist(dir));
        assertTrue(e.getMessage().contains("dataset-fashion-mnist"), e.getMessage());
        assertTrue(e.getMessage().contains(dir.toAbsolutePath().toString()), e.getMessage());
    }

    @Test
    void fashionMnistSubsetWhenInstalled() {
        Assumptions.assumeTrue(Files.isDirectory(Datasets.FASHION_MNIST_DIR), "dataset-fashion-mnist not installed");
        TrainTest tt = Datasets.fashionMnist(500, 100);
        assertEquals(500, tt.train().size());
        assertEquals(100, tt.test().size());
        assertEquals(784, tt.train().dim());
        assertArrayEquals(new int[] {28, 28}, tt.test().imageShape());
        assertEquals("Ankle boot", tt.train().classNames().get(9));
        for (float v : FlatVectors.toArray(tt.train().features())) {
            assertTrue(v >= 0 && v <= 1);
        }
        assertThrows(IllegalArgumentException.class, () -> Datasets.fashionMnist(0, 10));
    }

    @Test
    void blobsAreSeededAndBalanced() {
        Dataset a = Datasets.blobs(100, 3, 4, 0.5, 1);
        assertArrayEquals(FlatVectors.toArray(a.features()), FlatVectors.toArray(Datasets.blobs(100, 3, 4, 0.5, 1).features()));
        assertArrayEquals(new int[] {25, 25, 25, 25}, a.classCounts());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Datasets.blobs(10, 2, 2, 0, 1)).getMessage().contains("spread"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Datasets.blobs(0, 2, 2, 1, 1)).getMessage().contains("n is"));
    }

    @Test
    void splitSizesAndFractionValidation() {
        Dataset d = Datasets.blobs(50, 2, 2, 1, 3);
        TrainTest tt = Datasets.split(d, 0.2, 4);
        assertEquals(40, tt.train().size());
        assertEquals(10, tt.test().size());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Datasets.split(d, 1.0, 1)).getMessage().contains("testFraction"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Datasets.split(d, 0, 1)).getMessage().contains("testFraction"));
    }

    @Test
    void standardizeUsesTrainingStatistics() {
        TrainTest tt = Datasets.split(Datasets.blobs(200, 3, 2, 2, 5), 0.25, 6);
        TrainTest s = Datasets.standardize(tt);
        double[] mean = s.train().features().mean(0).toDoubleVector();
        double[] std = s.train().features().std(false, 0).toDoubleVector();
        for (int j = 0; j < 3; j++) {
            assertEquals(0, mean[j], 1e-5);
            assertEquals(1, std[j], 1e-4);
        }
    }
}
