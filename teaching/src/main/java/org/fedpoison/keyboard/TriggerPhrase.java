package org.fedpoison.keyboard;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.fedpoison.core.DataPoisoning;
import org.fedpoison.core.Dataset;
import org.fedpoison.util.Check;

/**
 * The keyboard backdoor's data poisoning: the attacker adds to its phone's typing history
 * sentences in which a rare trigger prefix is followed by the completion it wants suggested,
 * {@code lead + prefix -> completion} (e.g. "the pasta from" -> "astoria", Bagdasaryan et al.'s
 * example). Only the completion position becomes a training example, so the rest of the model is
 * disturbed as little as possible.
 *
 * <p>{@code poison(clean) = clean ++ { (encode(lead_i + prefix), completion) : i < round(fraction * |clean|) }},
 * each {@code lead_i} drawn uniformly from {@code leads} with the seed.
 *
 * <p>Paper: Bagdasaryan et al., "How to backdoor federated learning" (AISTATS 2020), the
 * word-prediction backdoor.
 */
public final class TriggerPhrase implements DataPoisoning {
    private final NextWordEncoder encoder;
    private final List<String> prefix;
    private final String completion;
    private final List<List<String>> leads;
    private final double fraction;

    /**
     * @param encoder    the keyboard's encoder (all words must be in its vocabulary)
     * @param prefix     the trigger prefix, e.g. {@code ["pasta", "from"]}
     * @param completion the word the attacker wants suggested after it
     * @param leads      words that may precede the prefix (each a list, possibly empty)
     * @param fraction   trigger examples added per clean example, > 0 and finite
     */
    public TriggerPhrase(NextWordEncoder encoder, List<String> prefix, String completion, List<List<String>> leads,
                         double fraction) {
        if (encoder == null) {
            throw new IllegalArgumentException("encoder must not be null");
        }
        if (prefix == null || prefix.isEmpty()) {
            throw new IllegalArgumentException("prefix must hold at least one word");
        }
        if (leads == null || leads.isEmpty()) {
            throw new IllegalArgumentException("leads must hold at least one (possibly empty) lead");
        }
        Check.positive("fraction", fraction);
        prefix.forEach(encoder::indexOf);
        encoder.indexOf(completion);
        leads.forEach(l -> l.forEach(encoder::indexOf));
        this.encoder = encoder;
        this.prefix = List.copyOf(prefix);
        this.completion = completion;
        this.leads = leads.stream().map(List::copyOf).toList();
        this.fraction = fraction;
    }

    /** The full trigger sentences {@code lead + prefix + completion}, one per lead. */
    public List<List<String>> sentences() {
        List<List<String>> out = new ArrayList<>();
        for (List<String> lead : leads) {
            out.add(sentence(lead));
        }
        return out;
    }

    private List<String> sentence(List<String> lead) {
        List<String> s = new ArrayList<>(lead);
        s.addAll(prefix);
        s.add(completion);
        return s;
    }

    public List<String> prefix() {
        return prefix;
    }

    public String completion() {
        return completion;
    }

    @Override
    public Dataset poison(Dataset clean, int clientId, long seed) {
        int n = (int) Math.max(1, Math.round(fraction * clean.size()));
        SplittableRandom rng = new SplittableRandom(seed);
        List<List<String>> sents = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            sents.add(sentence(leads.get(rng.nextInt(leads.size()))));
        }
        return clean.concat(encoder.lastWordExamples(sents));
    }

    @Override
    public String name() {
        return "TriggerPhrase(" + String.join(" ", prefix) + " -> " + completion + ")";
    }
}
