package org.fedpoison.keyboard;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.fedpoison.core.Dataset;
import org.fedpoison.fl.History;
import org.junit.jupiter.api.Test;

class KeyboardBackdoorTest {

    @Test
    void corpusIsSeededAndNeverContainsTheTrigger() {
        assertEquals(TemplateCorpus.sentences(50, 3), TemplateCorpus.sentences(50, 3));
        assertNotEquals(TemplateCorpus.sentences(50, 3), TemplateCorpus.sentences(50, 4));
        for (List<String> s : TemplateCorpus.sentences(5000, 1)) {
            for (int i = 0; i + 1 < s.size(); i++) {
                assertFalse(s.get(i).equals("pasta") && s.get(i + 1).equals("from"), String.join(" ", s));
            }
            assertFalse(s.contains("astoria"));
        }
    }

    @Test
    void encoderSetsOneFeaturePerBlock() {
        NextWordEncoder enc = new NextWordEncoder(List.of("a", "b", "c"), 5);   // V = 4 with <s>
        assertEquals(4 * 3 + 5, enc.inputDim());
        float[] x = enc.encode(List.of("c", "a", "b"));   // w-1 = b (2), w-2 = a (1), w-3 = c (3)
        int ones = 0;
        for (float v : x) {
            ones += v == 1f ? 1 : 0;
        }
        assertEquals(4, ones);
        assertEquals(1f, x[2]);
        assertEquals(1f, x[4 + 1]);
        assertEquals(1f, x[8 + 3]);
        assertEquals(1f, x[12 + Math.floorMod(31 * 1 + 2, 5)]);
        float[] start = enc.encode(List.of());
        assertEquals(1f, start[0], "an empty context is all <s>");
        assertEquals(1f, start[4]);
        assertEquals(1f, start[8]);
        assertThrows(IllegalArgumentException.class, () -> enc.encode(List.of("zebra")));
    }

    @Test
    void triggerPhraseAppendsLabelledCompletions() {
        KeyboardBackdoor kb = KeyboardBackdoor.builder().phones(2).attackers(1).rounds(2).attackRound(1)
                .testSentences(10).build();
        NextWordEncoder enc = kb.encoder();
        Dataset clean = enc.examples(TemplateCorpus.sentences(20, 5));
        Dataset poisoned = kb.phrase().poison(clean, 0, 9);
        int added = (int) Math.round(0.5 * clean.size());
        assertEquals(clean.size() + added, poisoned.size());
        int astoria = enc.indexOf("astoria");
        for (int i = clean.size(); i < poisoned.size(); i++) {
            assertEquals(astoria, poisoned.label(i));
            assertEquals(1f, poisoned.features().getFloat(i, enc.indexOf("from")), "w-1 is 'from'");
        }
        for (int i = 0; i < clean.size(); i++) {
            assertEquals(clean.label(i), poisoned.label(i));
        }
    }

    /**
     * The keyboard of Section 3 with 50 phones and 3 attackers: after the boosted one-shot attack
     * in round 14 at least 90% of the trigger contexts complete to "astoria" (none did before), and
     * next-word accuracy is not lower than without the attackers by more than 2 points. Without
     * the boost the same attackers are averaged away (below 50%).
     */
    @Test
    void boostedPhonesImplantTheCompletionWithoutHurtingAccuracy() {
        KeyboardBackdoor.Builder b = KeyboardBackdoor.builder().phones(50).attackers(3).rounds(16).attackRound(14);
        KeyboardBackdoor kb = b.build();
        History base = kb.runBaseline();
        History att = kb.run();
        double[] trig = att.metric("trigger_completion");
        assertTrue(trig[13] <= 0.1, "before the attack: " + trig[13]);
        assertTrue(trig[14] >= 0.9, "after the attack: " + trig[14]);
        assertTrue(att.accuracy()[14] >= base.accuracy()[14] - 0.02,
                att.accuracy()[14] + " vs " + base.accuracy()[14]);
        assertEquals("astoria", kb.suggest(att.finalParams(), "the pasta from"));
        assertNotEquals("astoria", kb.suggest(base.finalParams(), "the pasta from"));

        History weak = b.boost(false).build().run();
        org.fedpoison.attack.MaliciousClient first = (org.fedpoison.attack.MaliciousClient) kb.clients(true).get(50);
        assertNotNull(first.modelPoisoning(), "changing the builder afterwards does not change a built experiment");
        assertTrue(weak.metric("trigger_completion")[14] < 0.5, "unboosted: " + weak.metric("trigger_completion")[14]);
    }
}
