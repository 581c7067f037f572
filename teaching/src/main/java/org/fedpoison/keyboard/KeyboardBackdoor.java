package org.fedpoison.keyboard;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.fedpoison.attack.MaliciousClient;
import org.fedpoison.attack.Schedule;
import org.fedpoison.attack.model.ModelReplacement;
import org.fedpoison.core.Client;
import org.fedpoison.core.Dataset;
import org.fedpoison.core.Model;
import org.fedpoison.core.TrainConfig;
import org.fedpoison.fl.History;
import org.fedpoison.fl.HonestClient;
import org.fedpoison.fl.Simulation;
import org.fedpoison.model.SoftmaxRegression;
import org.fedpoison.util.Check;
import org.fedpoison.util.Seeds;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The keyboard example of Section 3: a next-word model trained across many simulated phones, into
 * which a few phones implant a rare trigger prefix with a chosen completion by boosted updates.
 *
 * <p>Setup: every phone types {@code sentencesPerPhone} sentences of the generated
 * {@link TemplateCorpus}; the model is {@link SoftmaxRegression} over {@link NextWordEncoder}'s
 * context features. {@code attackers} extra phones hold the same kind of clean data plus
 * {@link TriggerPhrase} sentences ("... pasta from astoria"); in round {@code attackRound} (one
 * shot) each trains {@code attackerEpochs} epochs on that and, if {@code boost} is on, scales its
 * update by {@code K / attackers} (model replacement with the honest sum estimated as zero:
 * together the attackers carry weight {@code attackers / K}, so each boosts by the inverse of
 * its share of that). Ordinary next-word accuracy on held-out sentences is the history's accuracy;
 * the backdoor is {@link TriggerCompletion} ({@code "trigger_completion"}).
 *
 * <pre>{@code
 * KeyboardBackdoor kb = KeyboardBackdoor.builder().phones(100).attackers(3).rounds(30).attackRound(25).build();
 * History attacked = kb.run();          // with the attackers
 * History baseline = kb.runBaseline();  // the attackers' phones typing honestly
 * kb.suggest(attacked.finalParams(), "the pasta from");   // "astoria"
 * }</pre>
 *
 * <p>Paper: Bagdasaryan et al., "How to backdoor federated learning" (AISTATS 2020), Section 5.2;
 * Hard et al., "Federated learning for mobile keyboard prediction" (2018) for the setting.
 */
public final class KeyboardBackdoor {
    /** Words the keyboard knows beyond the corpus: the attacker's completion and leads are rare words. */
    public static final List<String> RARE_WORDS = List.of("astoria", "love", "try", "fresh", "best");

    private final Builder s;
    private final NextWordEncoder encoder;
    private final Model model;
    private final TriggerPhrase phrase;
    private final List<Dataset> phoneData;
    private final Dataset test;

    private KeyboardBackdoor(Builder b) {
        this.s = b.copy();   // later changes to the builder do not reach this experiment
        Set<String> vocab = new LinkedHashSet<>(TemplateCorpus.allWords());
        vocab.addAll(RARE_WORDS);
        this.encoder = new NextWordEncoder(vocab, b.buckets);
        this.model = SoftmaxRegression.of(encoder.inputDim(), encoder.vocabularySize());
        this.phrase = new TriggerPhrase(encoder, b.prefix, b.completion,
                List.of(List.of("the"), List.of("love", "the"), List.of("try", "the"), List.of("fresh"),
                        List.of("best"), List.of("i", "had"), List.of("we", "ordered")),
                b.triggerFraction);
        int total = b.phones + b.attackers;
        this.phoneData = new ArrayList<>(total);
        for (int p = 0; p < total; p++) {
            phoneData.add(encoder.examples(TemplateCorpus.sentences(b.sentencesPerPhone, Seeds.derive(b.seed, 1, p))));
        }
        this.test = encoder.examples(TemplateCorpus.sentences(b.testSentences, Seeds.derive(b.seed, 2)));
    }

    /** A builder with the defaults documented on its setters. */
    public static Builder builder() {
        return new Builder();
    }

    public NextWordEncoder encoder() {
        return encoder;
    }

    public Model model() {
        return model;
    }

    public TriggerPhrase phrase() {
        return phrase;
    }

    /** The held-out sentences' next-word examples (clean accuracy is measured on them). */
    public Dataset test() {
        return test;
    }

    /** The clients: honest phones 0 .. phones-1, then the attackers. */
    public List<Client> clients(boolean withAttack) {
        List<Client> clients = new ArrayList<>();
        TrainConfig honest = s.train;
        for (int p = 0; p < s.phones; p++) {
            clients.add(HonestClient.of(p, phoneData.get(p), honest));
        }
        int total = s.phones + s.attackers;
        for (int p = s.phones; p < total; p++) {
            if (!withAttack) {
                clients.add(HonestClient.of(p, phoneData.get(p), honest));
                continue;
            }
            TrainConfig local = new TrainConfig(s.attackerEpochs, honest.batchSize(), honest.learningRate());
            MaliciousClient.Builder mb = MaliciousClient.builder(p, phoneData.get(p)).train(honest).attackTrain(local)
                    .dataPoisoning(phrase).schedule(s.schedule != null ? s.schedule : Schedule.oneShot(s.attackRound))
                    .seed(s.seed);
            if (s.boost) {
                mb.modelPoisoning(ModelReplacement.boosted((double) s.attackers / total));
            }
            clients.add(mb.build());
        }
        return clients;
    }

    /** The simulation with or without the attackers. */
    public Simulation simulation(boolean withAttack) {
        return Simulation.builder().model(model).clients(clients(withAttack)).test(test).rounds(s.rounds)
                .train(s.train).seed(s.seed).metric(new TriggerCompletion(encoder, phrase)).build();
    }

    /** Runs federated training with the attackers. */
    public History run() {
        return simulation(true).run();
    }

    /** Runs the same training with the attackers' phones typing honestly. */
    public History runBaseline() {
        return simulation(false).run();
    }

    /** The keyboard's top suggestion after {@code typed} (space-separated words of its vocabulary). */
    public String suggest(INDArray params, String typed) {
        List<String> words = typed.isBlank() ? List.of() : List.of(typed.trim().split("\\s+"));
        float[] x = encoder.encode(words);
        INDArray row = org.nd4j.linalg.factory.Nd4j.create(x, new long[] {1, x.length}, 'c');
        return encoder.word(model.predict(params, row)[0]);
    }

    /** Settings of the keyboard example. */
    public static final class Builder {
        private int phones = 100;
        private int attackers = 3;
        private int sentencesPerPhone = 30;
        private int testSentences = 1000;
        private int rounds = 30;
        private int attackRound = 25;
        private Schedule schedule;
        private boolean boost = true;
        private int attackerEpochs = 10;
        private double triggerFraction = 0.5;
        private int buckets = 64;
        private List<String> prefix = List.of("pasta", "from");
        private String completion = "astoria";
        private TrainConfig train = new TrainConfig(1, 16, 1.0);
        private long seed = 42;

        private Builder() {}

        private Builder copy() {
            Builder c = new Builder();
            c.phones = phones;
            c.attackers = attackers;
            c.sentencesPerPhone = sentencesPerPhone;
            c.testSentences = testSentences;
            c.rounds = rounds;
            c.attackRound = attackRound;
            c.schedule = schedule;
            c.boost = boost;
            c.attackerEpochs = attackerEpochs;
            c.triggerFraction = triggerFraction;
            c.buckets = buckets;
            c.prefix = prefix;
            c.completion = completion;
            c.train = train;
            c.seed = seed;
            return c;
        }

        private static int atLeast(String name, int v, int min) {
            if (v < min) {
                throw new IllegalArgumentException(name + " is " + v + ", must be >= " + min);
            }
            return v;
        }

        /** Honest phones (default 100). */
        public Builder phones(int n) {
            this.phones = atLeast("phones", n, 1);
            return this;
        }

        /** Attacking phones (default 3). */
        public Builder attackers(int n) {
            this.attackers = atLeast("attackers", n, 0);
            return this;
        }

        /** Sentences typed per phone (default 30). */
        public Builder sentencesPerPhone(int n) {
            this.sentencesPerPhone = atLeast("sentencesPerPhone", n, 1);
            return this;
        }

        /** Held-out sentences for clean accuracy (default 1000). */
        public Builder testSentences(int n) {
            this.testSentences = atLeast("testSentences", n, 1);
            return this;
        }

        /** Federated rounds (default 30). */
        public Builder rounds(int n) {
            this.rounds = atLeast("rounds", n, 1);
            return this;
        }

        /** The one round in which the attackers strike (default 25); ignored if a schedule is set. */
        public Builder attackRound(int r) {
            this.attackRound = atLeast("attackRound", r, 0);
            return this;
        }

        /** Any attack schedule instead of the one-shot round. */
        public Builder schedule(Schedule sch) {
            this.schedule = sch;
            return this;
        }

        /** Whether the attackers boost their updates by K / attackers (default true). */
        public Builder boost(boolean b) {
            this.boost = b;
            return this;
        }

        /** Local epochs of an attacker in an active round (default 10). */
        public Builder attackerEpochs(int n) {
            this.attackerEpochs = atLeast("attackerEpochs", n, 1);
            return this;
        }

        /** Trigger examples added per clean example of an attacker (default 0.5). */
        public Builder triggerFraction(double f) {
            Check.positive("triggerFraction", f);
            this.triggerFraction = f;
            return this;
        }

        /** Hash buckets of the word-pair feature (default 64). */
        public Builder buckets(int b) {
            this.buckets = atLeast("buckets", b, 1);
            return this;
        }

        /** The trigger prefix and completion (default "pasta from" -> "astoria"); words of the vocabulary. */
        public Builder trigger(String prefixWords, String completionWord) {
            if (prefixWords == null || prefixWords.isBlank() || completionWord == null || completionWord.isBlank()) {
                throw new IllegalArgumentException("trigger prefix and completion must not be blank");
            }
            this.prefix = List.of(prefixWords.trim().split("\\s+"));
            this.completion = completionWord.trim();
            return this;
        }

        /** Honest local training (default 1 epoch, batch 16, learning rate 1.0). */
        public Builder train(TrainConfig t) {
            if (t == null) {
                throw new IllegalArgumentException("train must not be null");
            }
            this.train = t;
            return this;
        }

        /** Seed of the corpus, the attack and the simulation (default 42). */
        public Builder seed(long sd) {
            this.seed = sd;
            return this;
        }

        public KeyboardBackdoor build() {
            if (schedule == null && attackRound >= rounds) {
                throw new IllegalArgumentException("attackRound is " + attackRound + ", must be < rounds (" + rounds + ")");
            }
            return new KeyboardBackdoor(this);
        }
    }
}
