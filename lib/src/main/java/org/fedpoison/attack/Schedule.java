package org.fedpoison.attack;

/**
 * When an attacker is active: in rounds {@code start, start + every, start + 2*every, ...} up to
 * {@code end} inclusive; in all other rounds a {@link MaliciousClient} behaves honestly.
 *
 * <pre>{@code active(r) = start <= r <= end  &&  (r - start) % every == 0}</pre>
 *
 * <p>Two shapes from the literature: <b>one-shot</b> ({@link #oneShot}: one round, usually with a
 * boosted update that replaces the model at once, Bagdasaryan et al. 2020) and <b>slow
 * injection</b> ({@link #slowInjection}: many consecutive rounds of small, unboosted poison that
 * hides in the variance of honest updates). Durability — how long the backdoor survives after
 * {@link #lastRound()} — is read from the history with {@code org.fedpoison.metrics.Durability}.
 *
 * <p>{@code participation} says how an active attacker enters a round: {@link Participation#SAMPLED}
 * (it is sampled like every client, so with client sampling it attacks only in the active rounds
 * where it happens to be drawn) or {@link Participation#FIXED_POOL} (the adversary controls a
 * fixed pool of clients that take part in every active round). {@code Simulation} includes every
 * client whose {@link MaliciousClient#forcedParticipation(int)} is true (through
 * {@code Client.alwaysParticipates}) and samples the others to fill {@code clientsPerRound}.
 *
 * @param start         first active round, >= 0
 * @param end           last active round, >= start ({@link Integer#MAX_VALUE} for "until the end")
 * @param every         period, >= 1
 * @param participation how the attacker is sampled
 */
public record Schedule(int start, int end, int every, Participation participation) {

    /** How an active attacker takes part in a round. */
    public enum Participation {
        /** Sampled like everyone else. */
        SAMPLED,
        /** Present in every active round (a fixed attacker pool). */
        FIXED_POOL
    }

    public Schedule {
        if (start < 0) {
            throw new IllegalArgumentException("start is " + start + ", must be >= 0");
        }
        if (end < start) {
            throw new IllegalArgumentException("end is " + end + ", must be >= start (" + start + ")");
        }
        if (every < 1) {
            throw new IllegalArgumentException("every is " + every + ", must be >= 1");
        }
        if (participation == null) {
            throw new IllegalArgumentException("participation must not be null; use SAMPLED or FIXED_POOL");
        }
    }

    /** Active in every round. */
    public static Schedule always() {
        return new Schedule(0, Integer.MAX_VALUE, 1, Participation.SAMPLED);
    }

    /** Active in one round only (one-shot attack). */
    public static Schedule oneShot(int round) {
        return new Schedule(round, round, 1, Participation.SAMPLED);
    }

    /** Active in every round from {@code start} to {@code end} inclusive (slow injection). */
    public static Schedule slowInjection(int start, int end) {
        return new Schedule(start, end, 1, Participation.SAMPLED);
    }

    /** Active in rounds {@code start, start + every, ...} up to {@code end} inclusive. */
    public static Schedule every(int start, int end, int every) {
        return new Schedule(start, end, every, Participation.SAMPLED);
    }

    /** Active from {@code start} on, until the end of training. */
    public static Schedule from(int start) {
        return new Schedule(start, Integer.MAX_VALUE, 1, Participation.SAMPLED);
    }

    /** The same schedule with a fixed attacker pool. */
    public Schedule fixedPool() {
        return new Schedule(start, end, every, Participation.FIXED_POOL);
    }

    /** Whether the attacker is active in {@code round}. */
    public boolean isActive(int round) {
        return round >= start && round <= end && (round - start) % every == 0;
    }

    /** The last active round, or {@link Integer#MAX_VALUE} if it never stops. */
    public int lastRound() {
        if (end == Integer.MAX_VALUE) {
            return end;
        }
        return start + ((end - start) / every) * every;
    }

    /** The active rounds among {@code 0 .. rounds - 1}. */
    public int[] activeRounds(int rounds) {
        return java.util.stream.IntStream.range(0, Math.max(0, rounds)).filter(this::isActive).toArray();
    }
}
