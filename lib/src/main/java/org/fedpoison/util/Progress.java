package org.fedpoison.util;

/**
 * The library's one progress bar: a line such as
 * {@code label-flip sweep  [##########..........]  40/80  fraction 0.5, round 20}, drawn by
 * {@link #line} — here for cells that take many steps (a sweep of several simulations, a grid of
 * attacks against defences), and by the library's other progress displays (the round callback
 * {@code fl.ProgressBar}, a sweep's {@code SweepProgress}), so that they all read alike. Shown and
 * refreshed in a notebook with the kernel's {@code display}/{@code updateDisplay}:
 * <pre>{@code
 * var progress = new Progress("label-flip sweep", fractions.size() * rounds);
 * String id = display(progress);
 * for (double f : fractions) {
 *     ...onRound(r -> updateDisplay(id, progress.step("fraction " + f + ", round " + (r.round() + 1))))...
 * }
 * }</pre>
 * The last state a run leaves depends only on the steps taken and the statuses given, so a rerun
 * shows the same final line.
 *
 * <p>Settings: {@code label} (not blank), {@code total} steps (at least 1), bar width
 * {@value #BAR_WIDTH} characters. Stepping past {@code total} is an error: it would mean the total
 * was wrong. Thread-safe (steps may come from any thread); mutable by design, it is a display, not
 * a value.
 */
public final class Progress {
    /** Characters in the bar. */
    public static final int BAR_WIDTH = 20;

    private final String label;
    private final int total;
    private int done;
    private String status = "";

    /**
     * @param label what is running, e.g. {@code "FedAvg, 10 clients"}
     * @param total the number of steps (rounds, runs of a sweep), at least 1
     * @throws IllegalArgumentException if the label is blank or the total is below 1
     */
    public Progress(String label, int total) {
        if (label == null || label.isBlank()) {
            throw new IllegalArgumentException("label is " + (label == null ? "null" : "blank") + ", must name what is running");
        }
        this.label = label;
        this.total = Check.atLeast("total", total, 1);
    }

    /**
     * The line every progress display draws: {@code label  [###.....]  done/total  status}, the bar
     * {@code width} characters with {@code floor(done * width / total)} of them filled (all of them
     * when {@code total} is 0); the label and its two spaces are left out when {@code label} is
     * empty, the status and its two spaces when {@code status} is empty.
     */
    public static String line(String label, int done, int total, String status, int width) {
        int filled = total == 0 ? width : (int) ((long) Math.min(done, total) * width / total);
        StringBuilder sb = new StringBuilder(label.length() + width + 32);
        if (!label.isEmpty()) {
            sb.append(label).append("  ");
        }
        sb.append('[').append("#".repeat(filled)).append(".".repeat(width - filled)).append("]  ");
        sb.append(done).append('/').append(total);
        if (status != null && !status.isEmpty()) {
            sb.append("  ").append(status);
        }
        return sb.toString();
    }

    /** One more step done, with no status text. Returns this bar, to hand to {@code updateDisplay}. */
    public Progress step() {
        return step("");
    }

    /**
     * One more step done; {@code status} (e.g. the latest accuracy) is shown after the count.
     *
     * @throws IllegalStateException if all {@code total} steps were already done
     */
    public synchronized Progress step(String status) {
        if (done >= total) {
            throw new IllegalStateException("progress '" + label + "' is already at " + total + "/" + total
                    + "; the total given at construction was too small");
        }
        done++;
        this.status = status == null ? "" : status;
        return this;
    }

    /** Steps done so far. */
    public synchronized int done() {
        return done;
    }

    /** The total number of steps. */
    public int total() {
        return total;
    }

    /** Whether every step is done. */
    public synchronized boolean finished() {
        return done == total;
    }

    /** The bar as one line: label, bar, count and the latest status ({@link #line}). */
    @Override
    public synchronized String toString() {
        return line(label, done, total, status, BAR_WIDTH);
    }
}
