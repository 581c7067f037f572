package org.fedpoison.keyboard;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.fedpoison.core.Dataset;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Turns sentences into next-word examples for a softmax-regression keyboard: the input is the
 * context before a position, the label the word at that position.
 *
 * <p>Features (all 0/1), {@code d = 3V + B}:
 * {@code [onehot(w_{t-1}) | onehot(w_{t-2}) | onehot(w_{t-3}) | onehot(hash(w_{t-2}, w_{t-1}) mod B)]},
 * with {@code V} the vocabulary size (index 0 is the sentence-start token {@code <s>}, which pads
 * contexts at the start) and {@code B} hash buckets for the previous two words as a pair. The pair
 * feature lets a linear model tell "pasta from" from "pasta" and "from" apart. The hash is
 * {@code floorMod(31 * i2 + i1, B)} on word indices, fixed and documented.
 *
 * <p>Every position of a sentence is an example (the first word is predicted from {@code <s>}).
 */
public final class NextWordEncoder {
    /** The sentence-start token. */
    public static final String START = "<s>";

    private final List<String> words;
    private final Map<String, Integer> index;
    private final int buckets;

    /**
     * @param vocabulary the words the keyboard knows ({@code <s>} is added first if absent)
     * @param buckets    B, the number of hash buckets of the word-pair feature, >= 1
     */
    public NextWordEncoder(Collection<String> vocabulary, int buckets) {
        if (buckets < 1) {
            throw new IllegalArgumentException("buckets is " + buckets + ", must be >= 1");
        }
        List<String> w = new ArrayList<>();
        w.add(START);
        for (String s : vocabulary) {
            if (!s.equals(START) && !w.contains(s)) {
                w.add(s);
            }
        }
        this.words = List.copyOf(w);
        this.index = new HashMap<>();
        for (int i = 0; i < words.size(); i++) {
            index.put(words.get(i), i);
        }
        this.buckets = buckets;
    }

    /** V, the vocabulary size including {@code <s>}. */
    public int vocabularySize() {
        return words.size();
    }

    /** The input dimension {@code 3V + B}. */
    public int inputDim() {
        return 3 * words.size() + buckets;
    }

    /** The index of a word. */
    public int indexOf(String word) {
        Integer i = index.get(word);
        if (i == null) {
            throw new IllegalArgumentException("word \"" + word + "\" is not in the vocabulary");
        }
        return i;
    }

    /** The word at an index. */
    public String word(int i) {
        return words.get(i);
    }

    /** The vocabulary in index order. */
    public List<String> words() {
        return words;
    }

    /** The feature vector of the context {@code prefix} (the words typed so far; may be empty). */
    public float[] encode(List<String> prefix) {
        float[] x = new float[inputDim()];
        int v = words.size();
        int i1 = prefix.size() >= 1 ? indexOf(prefix.get(prefix.size() - 1)) : 0;
        int i2 = prefix.size() >= 2 ? indexOf(prefix.get(prefix.size() - 2)) : 0;
        int i3 = prefix.size() >= 3 ? indexOf(prefix.get(prefix.size() - 3)) : 0;
        x[i1] = 1;
        x[v + i2] = 1;
        x[2 * v + i3] = 1;
        x[3 * v + Math.floorMod(31 * i2 + i1, buckets)] = 1;
        return x;
    }

    /** Every position of every sentence as an example. */
    public Dataset examples(List<List<String>> sentences) {
        List<float[]> xs = new ArrayList<>();
        List<Integer> ys = new ArrayList<>();
        for (List<String> s : sentences) {
            for (int t = 0; t < s.size(); t++) {
                xs.add(encode(s.subList(0, t)));
                ys.add(indexOf(s.get(t)));
            }
        }
        return dataset(xs, ys);
    }

    /** One example per sentence: the context {@code s[0 .. s.size()-1)} and the last word as label. */
    public Dataset lastWordExamples(List<List<String>> sentences) {
        List<float[]> xs = new ArrayList<>();
        List<Integer> ys = new ArrayList<>();
        for (List<String> s : sentences) {
            xs.add(encode(s.subList(0, s.size() - 1)));
            ys.add(indexOf(s.get(s.size() - 1)));
        }
        return dataset(xs, ys);
    }

    private Dataset dataset(List<float[]> xs, List<Integer> ys) {
        int d = inputDim();
        float[] flat = new float[xs.size() * d];
        int[] labels = new int[ys.size()];
        for (int i = 0; i < xs.size(); i++) {
            System.arraycopy(xs.get(i), 0, flat, i * d, d);
            labels[i] = ys.get(i);
        }
        return new Dataset(Nd4j.create(flat, new long[] {xs.size(), d}, 'c'), labels, words.size(), null, words);
    }
}
