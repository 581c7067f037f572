package org.fedpoison.keyboard;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A small, generated corpus of short phone messages for the keyboard example. <b>The text is
 * synthetic:</b> each sentence is one of {@link #TEMPLATES} with its slots ({@code {food}},
 * {@code {place}}, ...) filled by words drawn uniformly from {@link #SLOTS}, using a seed. It stands
 * in for the keystrokes of real phones, which the library does not ship; what matters for the
 * example is that ordinary text is predictable from its context, and that the trigger prefix
 * {@code "pasta from"} never occurs in it.
 *
 * <p>Sentences are lists of lower-case words. Generation is reproducible: the same seed gives the
 * same sentences.
 */
public final class TemplateCorpus {

    /** Slot name to the words that may fill it. */
    public static final Map<String, List<String>> SLOTS = Map.of(
            "person", List.of("mom", "dad", "anna", "tom", "grandma", "the team"),
            "place", List.of("home", "work", "school", "the park", "the gym", "the office", "the station"),
            "food", List.of("pizza", "pasta", "salad", "soup", "sushi", "tacos", "rice"),
            "time", List.of("tonight", "tomorrow", "later", "soon", "today"),
            "day", List.of("monday", "tuesday", "friday", "saturday", "sunday"),
            "feeling", List.of("happy", "tired", "hungry", "late", "busy"),
            "adj", List.of("great", "nice", "good", "lovely", "terrible"));

    /** The sentence templates (our own). */
    public static final List<String> TEMPLATES = List.of(
            "i will call {person} {time}",
            "see you at {place} {time}",
            "let us meet at {place} on {day}",
            "can we have {food} for dinner {time}",
            "i am on my way to {place}",
            "the {food} was {adj}",
            "thanks for the {adj} {food}",
            "i had {food} with {person} {time}",
            "i cooked {food} for {person}",
            "a message from {person}",
            "i just got back from {place}",
            "are you at {place} now",
            "happy birthday {person}",
            "i am so {feeling} {time}",
            "i will be {feeling} on {day}",
            "we ordered {food} at the place near {place}",
            "do not forget the {food} for {person}",
            "the weather is {adj} {time}",
            "running {feeling} see you at {place}",
            "what a {adj} day");

    private TemplateCorpus() {}

    /** {@code n} sentences, each a template filled at random with {@code seed}. */
    public static List<List<String>> sentences(int n, long seed) {
        if (n < 0) {
            throw new IllegalArgumentException("n is " + n + ", must be >= 0");
        }
        SplittableRandom rng = new SplittableRandom(seed);
        List<List<String>> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(fill(TEMPLATES.get(rng.nextInt(TEMPLATES.size())), rng));
        }
        return out;
    }

    /** The template with each {@code {slot}} replaced by a random filler, split into words. */
    static List<String> fill(String template, SplittableRandom rng) {
        List<String> words = new ArrayList<>();
        for (String token : template.split(" ")) {
            if (token.startsWith("{") && token.endsWith("}")) {
                List<String> choices = SLOTS.get(token.substring(1, token.length() - 1));
                if (choices == null) {
                    throw new IllegalArgumentException("unknown slot " + token + " in template \"" + template + "\"");
                }
                for (String w : choices.get(rng.nextInt(choices.size())).split(" ")) {
                    words.add(w);
                }
            } else {
                words.add(token);
            }
        }
        return List.copyOf(words);
    }

    /** Every word any template can produce, in first-seen order. */
    public static Set<String> allWords() {
        Set<String> words = new LinkedHashSet<>();
        for (String t : TEMPLATES) {
            for (String token : t.split(" ")) {
                if (token.startsWith("{")) {
                    for (String filler : SLOTS.get(token.substring(1, token.length() - 1))) {
                        words.addAll(List.of(filler.split(" ")));
                    }
                } else {
                    words.add(token);
                }
            }
        }
        return words;
    }
}
