package org.fedpoison.sweep;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fedpoison.core.Dataset;
import org.fedpoison.data.Datasets;
import org.fedpoison.data.TrainTest;
import org.fedpoison.fl.Simulation;
import org.fedpoison.metrics.BackdoorSuccess;
import org.fedpoison.core.Model;
import org.fedpoison.core.TrainConfig;

/**
 * A sweep described in a text file, for runs outside a notebook ({@code SweepMain} here, the Spark
 * module's {@code SweepSubmit} on a cluster). One {@code key = value} per line, {@code #} starts a
 * comment; a comma-separated list makes the setting a factor of the grid:
 * <pre>
 * name      = w4
 * data      = digits
 * clients   = 20
 * rounds    = 5
 * attack    = none, label-flip, sign-flip:10, backdoor
 * defence   = fedavg, median, krum
 * attackers = 0.1, 0.2        # a factor too
 * seeds     = 1, 2, 3
 * </pre>
 * Keys and defaults: {@code name} (required); {@code data = digits} (the only data set a file can
 * name: it ships with the library); {@code clients = 20}; {@code rounds = 10}; {@code model = mlp}
 * ({@link Catalog#model}); {@code partitioner = iid}; {@code attack} and {@code defence} (required,
 * always factors; names in {@link Catalog}); {@code attackers = 0.1} (the malicious fraction);
 * {@code f = clients / 5} (the defences' default tolerance); {@code epochs = 1}, {@code batch = 16},
 * {@code lr = 0.1}; {@code seeds} (required); {@code seeding = common} or {@code per-cell};
 * {@code threads = 1} (each simulation's threads); {@code out} (a runs file to write and resume, or
 * none). Factors: {@code attack}, {@code defence}, and any of {@code model}, {@code partitioner},
 * {@code attackers}, {@code rounds} given several values, in the file's order.
 *
 * <p>Each run partitions the training set with its simulation seed, measures {@code accuracy} and
 * {@code loss} after the last round and {@code backdoor_success} ({@link Catalog#backdoor()}'s
 * trigger, whatever the attack: its base rate in runs without the backdoor). The sweep is
 * serializable: only the file's strings travel to Spark's executors.
 *
 * @param sweep    the sweep
 * @param settings every key's value as written (defaults filled in)
 * @param out      the runs file, or null
 */
public record SweepFile(Sweep sweep, Map<String, String> settings, Path out) {
    static final List<String> KEYS = List.of("name", "data", "clients", "rounds", "model", "partitioner", "attack", "defence",
            "attackers", "f", "epochs", "batch", "lr", "seeds", "seeding", "threads", "out");
    static final List<String> SWEEPABLE = List.of("model", "partitioner", "attack", "defence", "attackers", "rounds");

    /** Reads and validates a description file (see the class comment). */
    public static SweepFile read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /**
     * Parses a description; {@code source} names it in error messages.
     *
     * @throws IllegalArgumentException naming the line or the setting that is wrong
     */
    public static SweepFile parse(String text, String source) {
        Map<String, String> s = new LinkedHashMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash);
            }
            if (line.isBlank()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException(source + " line " + (i + 1) + ": '" + line.strip() + "' is not key = value");
            }
            String key = line.substring(0, eq).strip();
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException(source + " line " + (i + 1) + ": unknown key '" + key + "'; keys: " + KEYS);
            }
            if (s.put(key, line.substring(eq + 1).strip()) != null) {
                throw new IllegalArgumentException(source + " line " + (i + 1) + ": key '" + key + "' is given twice");
            }
        }
        for (String required : List.of("name", "attack", "defence", "seeds")) {
            if (!s.containsKey(required) || s.get(required).isEmpty()) {
                throw new IllegalArgumentException(source + ": key '" + required + "' is required");
            }
        }
        s.putIfAbsent("data", "digits");
        s.putIfAbsent("clients", "20");
        s.putIfAbsent("rounds", "10");
        s.putIfAbsent("model", "mlp");
        s.putIfAbsent("partitioner", "iid");
        s.putIfAbsent("attackers", "0.1");
        s.putIfAbsent("f", Integer.toString(Math.max(1, Integer.parseInt(s.get("clients").strip()) / 5)));
        s.putIfAbsent("epochs", "1");
        s.putIfAbsent("batch", "16");
        s.putIfAbsent("lr", "0.1");
        s.putIfAbsent("seeding", "common");
        s.putIfAbsent("threads", "1");
        if (!s.get("data").equals("digits")) {
            throw new IllegalArgumentException(source + ": data is '" + s.get("data") + "', must be digits");
        }
        List<Factor<?>> factors = new ArrayList<>();
        for (String k : SWEEPABLE) {
            List<String> values = list(s.get(k));
            if (values.size() > 1 || k.equals("attack") || k.equals("defence")) {
                factors.add(Factor.of(k, values.toArray(new String[0])));
            }
        }
        long[] seeds = list(s.get("seeds")).stream().mapToLong(v -> {
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(source + ": seed '" + v + "' is not an integer", e);
            }
        }).toArray();
        Seeding seeding = switch (s.get("seeding")) {
            case "common" -> Seeding.COMMON;
            case "per-cell" -> Seeding.PER_CELL;
            default -> throw new IllegalArgumentException(source + ": seeding is '" + s.get("seeding") + "', must be common or per-cell");
        };
        Described run = new Described(new LinkedHashMap<>(s));
        // build every cell's settings once now, so a misspelt name fails here and not in the middle of a sweep
        Sweep sweep = Sweep.builder(s.get("name")).design(Design.grid(factors.toArray(new Factor<?>[0]))).seeds(seeds)
                .seeding(seeding).function(Described.OUTCOMES, run).build();
        for (Cell c : sweep.design().cells()) {
            run.check(c);
        }
        Path out = s.containsKey("out") && !s.get("out").isEmpty() ? Path.of(s.get("out")) : null;
        return new SweepFile(sweep, Map.copyOf(s), out);
    }

    private static List<String> list(String v) {
        List<String> out = new ArrayList<>();
        for (String p : v.split(",")) {
            if (!p.isBlank()) {
                out.add(p.strip());
            }
        }
        return out;
    }

    /** The run function of a described sweep: the settings as strings, the rest built where it runs. */
    static final class Described implements RunFunction {
        private static final long serialVersionUID = 1L;
        static final List<String> OUTCOMES = List.of("accuracy", "loss", "backdoor_success");
        private final LinkedHashMap<String, String> settings;

        Described(LinkedHashMap<String, String> settings) {
            this.settings = settings;
        }

        private String setting(Cell c, String key) {
            return c.factors().contains(key) ? c.label(key) : settings.get(key);
        }

        private int integer(Cell c, String key) {
            try {
                return Integer.parseInt(setting(c, key));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " is '" + setting(c, key) + "', must be an integer", e);
            }
        }

        private double number(Cell c, String key) {
            try {
                return Double.parseDouble(setting(c, key));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " is '" + setting(c, key) + "', must be a number", e);
            }
        }

        void check(Cell c) {
            int k = integer(c, "clients");
            Catalog.defence(setting(c, "defence"), k, integer(c, "f"));
            Catalog.partitioner(setting(c, "partitioner"));
            Catalog.model(setting(c, "model"), 64, 10);
            Catalog.attackers(number(c, "attackers"), k);
            if (!Catalog.ATTACKS.contains(setting(c, "attack").split(":")[0].strip())) {
                throw new IllegalArgumentException("attack '" + setting(c, "attack") + "' is not one of " + Catalog.ATTACKS);
            }
            new TrainConfig(integer(c, "epochs"), integer(c, "batch"), number(c, "lr"));
            if (integer(c, "rounds") < 1 || integer(c, "threads") < 1) {
                throw new IllegalArgumentException("rounds and threads must be >= 1");
            }
        }

        @Override
        public Map<String, Double> apply(Run run) {
            Cell c = run.cell();
            TrainTest data = Datasets.digits();
            int k = integer(c, "clients");
            TrainConfig cfg = new TrainConfig(integer(c, "epochs"), integer(c, "batch"), number(c, "lr"));
            List<Dataset> parts = Catalog.partitioner(setting(c, "partitioner")).partition(data.train(), k, run.simulationSeed());
            Model model = Catalog.model(setting(c, "model"), data.train().dim(), data.train().numClasses());
            var history = Simulation.builder().model(model)
                    .clients(Catalog.clients(setting(c, "attack"), parts, cfg, number(c, "attackers")))
                    .test(data.test()).aggregator(Catalog.defence(setting(c, "defence"), k, integer(c, "f")))
                    .train(cfg).rounds(integer(c, "rounds")).seed(run.simulationSeed()).threads(integer(c, "threads"))
                    .metric(BackdoorSuccess.of(data.test(), Catalog.backdoor()))
                    .build().run();
            Map<String, Double> out = new LinkedHashMap<>();
            out.put("accuracy", history.last().accuracy());
            out.put("loss", history.last().loss());
            out.put("backdoor_success", history.last().metric("backdoor_success"));
            return out;
        }
    }
}
