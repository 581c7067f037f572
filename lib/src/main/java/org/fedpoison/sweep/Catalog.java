package org.fedpoison.sweep;

import java.util.ArrayList;
import java.util.List;
import org.fedpoison.core.Aggregator;
import org.fedpoison.aggregate.CoordinateMedian;
import org.fedpoison.aggregate.FedAvg;
import org.fedpoison.aggregate.GeometricMedian;
import org.fedpoison.aggregate.Krum;
import org.fedpoison.aggregate.MultiKrum;
import org.fedpoison.aggregate.NormClipping;
import org.fedpoison.aggregate.TrimmedMean;
import org.fedpoison.attack.model.ALittleIsEnough;
import org.fedpoison.attack.model.GaussianNoise;
import org.fedpoison.attack.model.InnerProductManipulation;
import org.fedpoison.attack.data.LabelFlip;
import org.fedpoison.attack.MaliciousClient;
import org.fedpoison.attack.model.ModelReplacement;
import org.fedpoison.attack.data.PixelPatternBackdoor;
import org.fedpoison.attack.model.SignFlip;
import org.fedpoison.attack.data.Trigger;
import org.fedpoison.core.Dataset;
import org.fedpoison.data.Partitioner;
import org.fedpoison.data.Partitioners;
import org.fedpoison.core.Client;
import org.fedpoison.fl.Clients;
import org.fedpoison.model.Mlp;
import org.fedpoison.core.Model;
import org.fedpoison.model.SoftmaxRegression;
import org.fedpoison.core.TrainConfig;

/**
 * The attacks, defences, partitioners and models that a {@link SweepFile} names, each written
 * {@code name} or {@code name:parameter}. An explicit table (a {@code switch}), not reflection:
 * what is not listed here is not reachable from a file, and the error says what is.
 *
 * <table>
 *   <caption>Attacks (the first {@code m} clients turn malicious, {@code m = round(attackers * clients)}, at least 1)</caption>
 *   <tr><th>name</th><th>what</th></tr>
 *   <tr><td>{@code none}</td><td>every client honest</td></tr>
 *   <tr><td>{@code label-flip}</td><td>{@code LabelFlip.random(1.0)}: every local label replaced at random</td></tr>
 *   <tr><td>{@code targeted-flip}</td><td>{@code LabelFlip.targeted(1, 7, 1.0)}: every 1 labelled 7</td></tr>
 *   <tr><td>{@code sign-flip[:s]}</td><td>{@code SignFlip.of(s)}, default {@code s = 1}</td></tr>
 *   <tr><td>{@code gaussian[:sigma]}</td><td>{@code GaussianNoise.replacing(sigma)}, default 0.1</td></tr>
 *   <tr><td>{@code alie}</td><td>{@code ALittleIsEnough.withMalicious(m)}</td></tr>
 *   <tr><td>{@code ipm[:eps]}</td><td>{@code InnerProductManipulation.of(eps)}, default 0.5</td></tr>
 *   <tr><td>{@code backdoor}</td><td>{@link #backdoor()}: a 2x2 white square at (6, 6), target 0, every local image stamped</td></tr>
 *   <tr><td>{@code boosted-backdoor}</td><td>the same with {@code ModelReplacement.boosted()}</td></tr>
 * </table>
 *
 * <p>Defences ({@code f} defaults to the file's {@code f}): {@code fedavg}
 * ({@code FedAvg.sampleWeighted()}), {@code clipping:B} ({@code NormClipping.of(B, FedAvg.sampleWeighted())},
 * {@code B} required), {@code median}, {@code trimmed-mean[:f]}, {@code krum[:f]},
 * {@code multi-krum[:f]} ({@code m = n - f}), {@code geometric-median}.
 *
 * <p>Partitioners: {@code iid}, {@code dirichlet:alpha}, {@code shards:k}. Models for 64-pixel
 * digits or any {@code d}-feature data: {@code mlp[:h]} ({@code Mlp(d, h, classes)}, default
 * {@code h = 32}), {@code linear} ({@code SoftmaxRegression}).
 */
public final class Catalog {
    private Catalog() {}

    /** The attack names, for error messages and documentation. */
    public static final List<String> ATTACKS = List.of("none", "label-flip", "targeted-flip", "sign-flip", "gaussian", "alie",
            "ipm", "backdoor", "boosted-backdoor");
    /** The defence names. */
    public static final List<String> DEFENCES = List.of("fedavg", "clipping", "median", "trimmed-mean", "krum", "multi-krum",
            "geometric-median");

    /** The backdoor of notebook 05: a 2x2 white square at row 6, column 6, target class 0, every local image stamped. */
    public static PixelPatternBackdoor backdoor() {
        return PixelPatternBackdoor.appending(Trigger.square(6, 6, 2, 1.0f), 0, 1.0);
    }

    /** The attackers' count for a fraction of {@code clients}: {@code round(fraction * clients)}, at least 1. */
    public static int attackers(double fraction, int clients) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("attackers is " + fraction + ", must be a fraction in [0, 1)");
        }
        return Math.max(1, (int) Math.round(fraction * clients));
    }

    /**
     * The clients of a federation under attack {@code spec}: honest clients on {@code parts}, the
     * first {@code m} replaced by malicious ones built from the same local data.
     */
    public static List<Client> clients(String spec, List<Dataset> parts, TrainConfig cfg, double fraction) {
        List<Client> honest = Clients.honest(parts, cfg);
        String name = name(spec);
        if (name.equals("none")) {
            return honest;
        }
        int m = attackers(fraction, parts.size());
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            ids.add(i);
        }
        return Clients.replace(honest, ids, (id, c) -> {
            MaliciousClient.Builder b = MaliciousClient.builder(id, parts.get(id)).train(cfg);
            switch (name) {
                case "label-flip" -> b.dataPoisoning(LabelFlip.random(1.0));
                case "targeted-flip" -> b.dataPoisoning(LabelFlip.targeted(1, 7, 1.0));
                case "sign-flip" -> b.modelPoisoning(SignFlip.of(param(spec, 1.0)));
                case "gaussian" -> b.modelPoisoning(GaussianNoise.replacing(param(spec, 0.1)));
                case "alie" -> b.modelPoisoning(ALittleIsEnough.withMalicious(m));
                case "ipm" -> b.modelPoisoning(InnerProductManipulation.of(param(spec, 0.5)));
                case "backdoor" -> b.dataPoisoning(backdoor());
                case "boosted-backdoor" -> b.dataPoisoning(backdoor()).modelPoisoning(ModelReplacement.boosted());
                default -> throw new IllegalArgumentException("attack '" + spec + "' is not one of " + ATTACKS);
            }
            return b.build();
        });
    }

    /** The aggregator named {@code spec} for {@code clients} clients, {@code f} by default. */
    public static Aggregator defence(String spec, int clients, int f) {
        String name = name(spec);
        int ff = (int) param(spec, f);
        return switch (name) {
            case "fedavg" -> FedAvg.sampleWeighted();
            case "clipping" -> {
                if (!spec.contains(":")) {
                    throw new IllegalArgumentException("defence 'clipping' needs its bound, e.g. clipping:0.35");
                }
                yield NormClipping.of(param(spec, Double.NaN), FedAvg.sampleWeighted());
            }
            case "median" -> CoordinateMedian.of();
            case "trimmed-mean" -> TrimmedMean.of(ff);
            case "krum" -> Krum.of(ff);
            case "multi-krum" -> MultiKrum.of(ff, clients - ff);
            case "geometric-median" -> GeometricMedian.of();
            default -> throw new IllegalArgumentException("defence '" + spec + "' is not one of " + DEFENCES);
        };
    }

    /** The partitioner named {@code spec}. */
    public static Partitioner partitioner(String spec) {
        return switch (name(spec)) {
            case "iid" -> Partitioners.iid();
            case "dirichlet" -> Partitioners.dirichlet(param(spec, 0.5));
            case "shards" -> Partitioners.shards((int) param(spec, 2));
            default -> throw new IllegalArgumentException("partitioner '" + spec + "' is not one of [iid, dirichlet:alpha, shards:k]");
        };
    }

    /** The model named {@code spec} for {@code features} inputs and {@code classes} classes. */
    public static Model model(String spec, int features, int classes) {
        return switch (name(spec)) {
            case "mlp" -> Mlp.of(features, (int) param(spec, 32), classes);
            case "linear" -> SoftmaxRegression.of(features, classes);
            default -> throw new IllegalArgumentException("model '" + spec + "' is not one of [mlp[:hidden], linear]");
        };
    }

    private static String name(String spec) {
        int i = spec.indexOf(':');
        return (i < 0 ? spec : spec.substring(0, i)).strip();
    }

    private static double param(String spec, double fallback) {
        int i = spec.indexOf(':');
        if (i < 0) {
            return fallback;
        }
        try {
            return Double.parseDouble(spec.substring(i + 1).strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + spec + "': the parameter after ':' must be a number", e);
        }
    }
}
