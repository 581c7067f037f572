package org.fedpoison.data;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;
import org.fedpoison.core.Dataset;
import org.fedpoison.util.Check;
import org.fedpoison.util.FlatVectors;
import org.fedpoison.util.Shuffle;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Ready-made datasets and the splitting and scaling helpers around them.
 *
 * <ul>
 *   <li>{@link #digits()}: the UCI optical handwritten digits shipped inside the library
 *       (1,797 images of 8x8 pixels, 10 classes; Alpaydin and Kaynak, UCI Machine Learning
 *       Repository, CC BY 4.0; see {@code org/fedpoison/data/digits-ATTRIBUTION.txt}).</li>
 *   <li>{@link #fashionMnist()}: Fashion-MNIST (Xiao, Rasul and Vollgraf, 2017; 60,000 + 10,000
 *       images of 28x28, 10 classes) from the IDX files of Debian's {@code dataset-fashion-mnist}
 *       package or any directory holding them.</li>
 *   <li>{@link #blobs(int, int, int, double, long)}: synthetic Gaussian class blobs.</li>
 * </ul>
 * Pixel values are scaled to {@code [0, 1]}; image datasets keep their {@code [height, width]} so
 * that rows can be reshaped and triggers stamped.
 */
public final class Datasets {
    private Datasets() {}

    /** Where Debian/Ubuntu's {@code dataset-fashion-mnist} package installs the IDX files. */
    public static final Path FASHION_MNIST_DIR = Path.of("/usr/share/datasets/fashion-mnist");

    /** The seed of the fixed train/test split of {@link #digits()}. */
    public static final long DIGITS_SPLIT_SEED = 20_170_101L;

    /** Class names of Fashion-MNIST, in label order. */
    public static final List<String> FASHION_MNIST_CLASSES = List.of("T-shirt/top", "Trouser", "Pullover",
            "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private static volatile TrainTest digitsCache;

    /**
     * The UCI optical digits (1,797 examples, 8x8 pixels scaled from {@code 0..16} to
     * {@code [0, 1]} by dividing by 16, labels 0..9), split once and for all by
     * {@link #stratifiedSplit(Dataset, double, long)} with test fraction 0.2 and seed
     * {@link #DIGITS_SPLIT_SEED}: 1,438 training and 359 test examples; class {@code k} of
     * {@code n_k} examples (178, 182, 177, 183, 181, 182, 181, 179, 174, 180 for digits 0..9) puts
     * {@code round(0.2 n_k)} in the test set (36, 36, 35, 37, 36, 36, 36, 36, 35, 36). Loaded from the library's resources, so it works offline.
     */
    public static TrainTest digits() {
        TrainTest cached = digitsCache;
        if (cached == null) {
            Dataset all = digitsAll();
            cached = stratifiedSplit(all, 0.2, DIGITS_SPLIT_SEED);
            digitsCache = cached;
        }
        return cached;
    }

    /** All 1,797 digits in the file's order, unsplit (pixels scaled to [0, 1]). */
    public static Dataset digitsAll() {
        String resource = "digits.csv.gz";
        try (InputStream raw = Datasets.class.getResourceAsStream(resource)) {
            if (raw == null) {
                throw new IllegalStateException("library resource org/fedpoison/data/" + resource + " is missing");
            }
            BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(raw), StandardCharsets.US_ASCII));
            List<float[]> rows = new ArrayList<>();
            List<Integer> labels = new ArrayList<>();
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",");
                if (f.length != 65) {
                    throw new IllegalStateException("digits line " + (rows.size() + 1) + " has " + f.length
                            + " fields, expected 65");
                }
                float[] x = new float[64];
                for (int j = 0; j < 64; j++) {
                    x[j] = Float.parseFloat(f[j]) / 16f;
                }
                rows.add(x);
                labels.add((int) Float.parseFloat(f[64]));
            }
            float[] flat = new float[rows.size() * 64];
            int[] y = new int[rows.size()];
            for (int i = 0; i < rows.size(); i++) {
                System.arraycopy(rows.get(i), 0, flat, i * 64, 64);
                y[i] = labels.get(i);
            }
            return new Dataset(Nd4j.create(flat, new long[] {rows.size(), 64}, 'c'), y, 10, new int[] {8, 8}, null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read library resource " + resource, e);
        }
    }

    /** Fashion-MNIST from {@link #FASHION_MNIST_DIR}: 60,000 training and 10,000 test images, pixels in [0, 1]. */
    public static TrainTest fashionMnist() {
        return fashionMnist(FASHION_MNIST_DIR);
    }

    /**
     * Fashion-MNIST from {@code dir}, which must hold {@code train-images-idx3-ubyte.gz},
     * {@code train-labels-idx1-ubyte.gz}, {@code t10k-images-idx3-ubyte.gz} and
     * {@code t10k-labels-idx1-ubyte.gz} (gzipped or not).
     */
    public static TrainTest fashionMnist(Path dir) {
        return fashionMnist(dir, Integer.MAX_VALUE, Integer.MAX_VALUE);
    }

    /** The first {@code maxTrain} training and {@code maxTest} test images of {@link #fashionMnist()} (for fast notebooks). */
    public static TrainTest fashionMnist(int maxTrain, int maxTest) {
        return fashionMnist(FASHION_MNIST_DIR, maxTrain, maxTest);
    }

    /**
     * The first {@code maxTrain} training and {@code maxTest} test images (in file order) of
     * Fashion-MNIST from {@code dir}; pixels scaled from {@code 0..255} to {@code [0, 1]}.
     *
     * @throws IllegalArgumentException if a limit is below 1
     * @throws IllegalStateException    if the files are missing (the message names the directory
     *                                  tried and the package that provides them)
     */
    public static TrainTest fashionMnist(Path dir, int maxTrain, int maxTest) {
        if (maxTrain < 1) {
            throw new IllegalArgumentException("maxTrain is " + maxTrain + ", must be >= 1");
        }
        if (maxTest < 1) {
            throw new IllegalArgumentException("maxTest is " + maxTest + ", must be >= 1");
        }
        Dataset train = readIdx(dir, "train", maxTrain);
        Dataset test = readIdx(dir, "t10k", maxTest);
        return new TrainTest(train, test);
    }

    private static Path find(Path dir, String name) {
        for (Path p : new Path[] {dir.resolve(name + ".gz"), dir.resolve(name)}) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new IllegalStateException("Fashion-MNIST file " + name + "(.gz) not found in " + dir.toAbsolutePath()
                + "; install the Debian/Ubuntu package dataset-fashion-mnist (apt-get install dataset-fashion-mnist),"
                + " or pass the directory holding the four IDX files to Datasets.fashionMnist(Path)");
    }

    private static DataInputStream open(Path p) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(p), 1 << 16);
        if (p.getFileName().toString().endsWith(".gz")) {
            in = new GZIPInputStream(in, 1 << 16);
        }
        return new DataInputStream(in);
    }

    private static Dataset readIdx(Path dir, String prefix, int max) {
        Path imagesPath = find(dir, prefix + "-images-idx3-ubyte");
        Path labelsPath = find(dir, prefix + "-labels-idx1-ubyte");
        try (DataInputStream im = open(imagesPath); DataInputStream lb = open(labelsPath)) {
            if (im.readInt() != 0x803) {
                throw new IllegalStateException(imagesPath + " is not an IDX image file (magic 0x00000803)");
            }
            int n = im.readInt();
            int rows = im.readInt();
            int cols = im.readInt();
            if (lb.readInt() != 0x801) {
                throw new IllegalStateException(labelsPath + " is not an IDX label file (magic 0x00000801)");
            }
            int nl = lb.readInt();
            if (nl != n) {
                throw new IllegalStateException(imagesPath + " has " + n + " images but " + labelsPath + " has "
                        + nl + " labels");
            }
            int take = Math.min(n, max);
            int d = rows * cols;
            // written straight into the off-heap array, one image at a time (no second copy on the heap)
            INDArray x = Nd4j.create(DataType.FLOAT, take, d);
            java.nio.FloatBuffer out = FlatVectors.writable(x);
            byte[] buf = new byte[d];
            float[] row = new float[d];
            int[] y = new int[take];
            for (int i = 0; i < take; i++) {
                im.readFully(buf);
                for (int j = 0; j < d; j++) {
                    row[j] = (buf[j] & 0xFF) / 255f;
                }
                out.put(i * d, row);
                y[i] = lb.readUnsignedByte();
            }
            return new Dataset(x, y, 10, new int[] {rows, cols}, FASHION_MNIST_CLASSES);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Fashion-MNIST from " + dir, e);
        }
    }

    /**
     * Synthetic Gaussian class blobs: {@code n} examples in {@code dim} dimensions, labels
     * {@code i mod classes} (so classes are balanced), example {@code x = mu_y + spread * z} with
     * {@code z ~ N(0, I)} and class centres {@code mu_k ~ N(0, 9 I)} (standard deviation 3), all
     * drawn from one {@link SplittableRandom} seeded with {@code seed}. Smaller {@code spread}
     * means better separated classes.
     *
     * @param n       examples, at least 1
     * @param dim     features, at least 1
     * @param classes classes, at least 2
     * @param spread  within-class standard deviation, positive and finite
     * @param seed    the seed
     */
    public static Dataset blobs(int n, int dim, int classes, double spread, long seed) {
        if (n < 1) {
            throw new IllegalArgumentException("n is " + n + ", must be >= 1");
        }
        if (dim < 1) {
            throw new IllegalArgumentException("dim is " + dim + ", must be >= 1");
        }
        if (classes < 2) {
            throw new IllegalArgumentException("classes is " + classes + ", must be >= 2");
        }
        Check.positive("spread", spread);
        SplittableRandom rng = new SplittableRandom(seed);
        double[] centres = new double[classes * dim];
        for (int i = 0; i < centres.length; i++) {
            centres[i] = 3 * rng.nextGaussian();
        }
        float[] x = new float[n * dim];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % classes;
            for (int j = 0; j < dim; j++) {
                x[i * dim + j] = (float) (centres[y[i] * dim + j] + spread * rng.nextGaussian());
            }
        }
        return new Dataset(Nd4j.create(x, new long[] {n, dim}, 'c'), y, classes, null, null);
    }

    /**
     * A random split: a seeded permutation, the first {@code round(testFraction * n)} examples
     * become the test set (at least one example in each part).
     *
     * @param testFraction in (0, 1)
     */
    public static TrainTest split(Dataset data, double testFraction, long seed) {
        checkFraction(testFraction, data.size());
        int n = data.size();
        int[] perm = Shuffle.permutation(n, new SplittableRandom(seed));
        int nTest = Math.min(n - 1, Math.max(1, (int) Math.round(testFraction * n)));
        int[] test = java.util.Arrays.copyOfRange(perm, 0, nTest);
        int[] train = java.util.Arrays.copyOfRange(perm, nTest, n);
        java.util.Arrays.sort(test);
        java.util.Arrays.sort(train);
        return new TrainTest(data.subset(train), data.subset(test));
    }

    /**
     * A stratified split: within each class, a seeded permutation and {@code round(testFraction * n_k)}
     * examples go to the test set, so both parts keep the class proportions. Examples keep their
     * original relative order within each part.
     *
     * @param testFraction in (0, 1)
     */
    public static TrainTest stratifiedSplit(Dataset data, double testFraction, long seed) {
        checkFraction(testFraction, data.size());
        SplittableRandom rng = new SplittableRandom(seed);
        boolean[] isTest = new boolean[data.size()];
        for (int k = 0; k < data.numClasses(); k++) {
            int[] idx = Partitioners.indicesOfClass(data, k);
            int[] perm = Shuffle.permutation(idx.length, rng);
            int nTest = (int) Math.round(testFraction * idx.length);
            for (int i = 0; i < nTest; i++) {
                isTest[idx[perm[i]]] = true;
            }
        }
        int nTest = 0;
        for (boolean t : isTest) {
            nTest += t ? 1 : 0;
        }
        int[] test = new int[nTest];
        int[] train = new int[data.size() - nTest];
        for (int i = 0, a = 0, b = 0; i < isTest.length; i++) {
            if (isTest[i]) {
                test[a++] = i;
            } else {
                train[b++] = i;
            }
        }
        return new TrainTest(data.subset(train), data.subset(test));
    }

    private static void checkFraction(double testFraction, int n) {
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("testFraction is " + testFraction + ", must be in (0, 1)");
        }
        if (n < 2) {
            throw new IllegalArgumentException("data has " + n + " examples, a split needs at least 2");
        }
    }

    /**
     * Standardises features with the training set's statistics: {@code x' = (x - mean) / std}
     * per feature, where a feature of zero spread in the training set is only centred. Returns a
     * new pair; the inputs are not modified.
     */
    public static TrainTest standardize(TrainTest data) {
        INDArray x = data.train().features();
        INDArray mean = x.mean(0);
        INDArray std = x.std(false, 0);
        INDArray safe = std.dup();
        for (long j = 0; j < safe.length(); j++) {
            if (!(safe.getDouble(j) > 0)) {
                safe.putScalar(j, 1.0);
            }
        }
        return new TrainTest(data.train().withFeatures(x.subRowVector(mean).diviRowVector(safe)),
                data.test().withFeatures(data.test().features().subRowVector(mean).diviRowVector(safe)));
    }

    /** Multiplies every feature by {@code factor} (e.g. {@code 1/255.0}); a new dataset. */
    public static Dataset scale(Dataset data, double factor) {
        Check.finite("factor", factor);
        return data.withFeatures(data.features().mul(factor));
    }
}
