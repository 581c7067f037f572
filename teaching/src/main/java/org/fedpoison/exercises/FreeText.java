package org.fedpoison.exercises;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small matcher for free-text answers that tells a claim from its negation and accepts
 * paraphrases. A {@link Concept} is a list of phrasings of one claim (regular expressions over the
 * normalised text). The answer is cut into clauses (at {@code . ; ! ?} and at {@code but, because,
 * although, though, whereas, while, yet, however}); a phrasing that matches inside a clause counts as
 * <em>affirmed</em> unless an odd number of negating words ({@code not, no, never, without, hardly,
 * neither, nor}) precede it in the same clause, or the clause goes on to call it false ("... is
 * false", "... does not help").
 *
 * <p>Normalisation: lower case, {@code n't} → {@code  not}, {@code cannot} → {@code can not},
 * everything but letters, digits and spaces removed. So "The server is not blind" negates
 * "blind", "it is not true that the server never sees the data" negates "never sees the data", and
 * "clients keep their data private" is a paraphrase of "the server never sees the data" when the
 * concept lists it.
 */
public final class FreeText {
    private FreeText() {}

    /** What a text says about a concept. */
    public enum Stance {
        /** The text states the claim. */
        AFFIRMED,
        /** The text mentions the claim only to deny it. */
        NEGATED,
        /** The text does not mention it. */
        ABSENT
    }

    private static final Pattern CLAUSE = Pattern.compile(
            "[.;!?]+|\\b(?<!nothing |anything )(but|because|although|though|whereas|while|yet|however|since)\\b");
    private static final Pattern NEGATOR = Pattern.compile("\\b(not|no|never|without|hardly|neither|nor|none)\\b");
    private static final Pattern DENIED_AFTER = Pattern.compile(
            "^ ?(\\w+ ){0,3}?(is|are|would be|was|seems|sounds) (false|wrong|untrue|useless|pointless|irrelevant"
                    + "|not true|not the case|not enough|insufficient|not needed|unnecessary)\\b"
                    + "|^ ?(\\w+ ){0,3}?(will|would|does|do|can|could) not (help|work|fix|stop|matter|suffice|solve)");

    /** One claim and the ways to say it. */
    public static final class Concept {
        private final String name;
        private final List<Pattern> phrasings;

        private Concept(String name, List<Pattern> phrasings) {
            this.name = name;
            this.phrasings = phrasings;
        }

        /**
         * A concept named {@code name} said by any of {@code regexes} (matched against the
         * normalised text, so write them in lower case without punctuation).
         *
         * @throws IllegalArgumentException if there is no phrasing or one does not compile
         */
        public static Concept of(String name, String... regexes) {
            if (regexes == null || regexes.length == 0) {
                throw new IllegalArgumentException("concept " + name + " needs at least one phrasing");
            }
            List<Pattern> ps = new ArrayList<>();
            for (String r : regexes) {
                ps.add(Pattern.compile(r));
            }
            return new Concept(name, List.copyOf(ps));
        }

        /** The concept's name. */
        public String name() {
            return name;
        }

        /** What {@code text} says about this concept; null or blank text is {@link Stance#ABSENT}. */
        public Stance stance(String text) {
            if (text == null) {
                return Stance.ABSENT;
            }
            boolean negated = false;
            for (String clause : clauses(normalise(text))) {
                for (Pattern p : phrasings) {
                    Matcher m = p.matcher(clause);
                    while (m.find()) {
                        int negators = count(NEGATOR, clause.substring(0, m.start()));
                        boolean deniedAfter = DENIED_AFTER.matcher(clause.substring(m.end())).find();
                        if (negators % 2 == 0 && !deniedAfter) {
                            return Stance.AFFIRMED;
                        }
                        negated = true;
                    }
                }
            }
            return negated ? Stance.NEGATED : Stance.ABSENT;
        }

        /** Whether {@code text} affirms the concept. */
        public boolean affirmedBy(String text) {
            return stance(text) == Stance.AFFIRMED;
        }

        @Override
        public String toString() {
            return "Concept[" + name + ", " + phrasings.size() + " phrasings]";
        }
    }

    /** Lower case, contractions spelled out, only letters, digits and single spaces (clause marks kept). */
    static String normalise(String text) {
        String t = text.toLowerCase(Locale.ROOT)
                .replace('’', '\'')
                .replace("can't", "can not").replace("won't", "will not").replace("cannot", "can not")
                .replace("n't", " not");
        t = t.replaceAll("[^a-z0-9.;!? ]+", " ").replaceAll("\\s+", " ").trim();
        return t;
    }

    private static List<String> clauses(String normalised) {
        List<String> out = new ArrayList<>();
        for (String c : CLAUSE.split(normalised)) {
            String s = c.trim();
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    private static int count(Pattern p, String s) {
        Matcher m = p.matcher(s);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    /** Whether {@code text} is null or has no letter or digit. */
    static boolean blank(String text) {
        return text == null || !text.matches("(?s).*[\\p{L}\\p{N}].*");
    }
}
