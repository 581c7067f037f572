package org.fedpoison.keyboard;

import java.util.List;
import org.fedpoison.core.Dataset;
import org.fedpoison.core.Metric;
import org.fedpoison.core.Model;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The keyboard backdoor's success rate: the share of trigger contexts ({@code lead + prefix}) for
 * which the keyboard's top suggestion is the attacker's completion.
 *
 * <pre>{@code success = |{ lead : argmax p(. | lead + prefix) == completion }| / |leads|}</pre>
 */
public final class TriggerCompletion implements Metric {
    private final Dataset contexts;
    private final int completion;

    /** Measures {@code phrase}'s completion over all of its leads. */
    public TriggerCompletion(NextWordEncoder encoder, TriggerPhrase phrase) {
        List<List<String>> sentences = phrase.sentences();
        this.contexts = encoder.lastWordExamples(sentences);
        this.completion = encoder.indexOf(phrase.completion());
    }

    @Override
    public String name() {
        return "trigger_completion";
    }

    @Override
    public double measure(Model model, INDArray global) {
        int[] pred = model.predict(global, contexts.features());
        int hits = 0;
        for (int p : pred) {
            hits += p == completion ? 1 : 0;
        }
        return (double) hits / pred.length;
    }
}
