package org.fedpoison.fl;

import java.util.function.Consumer;
import org.fedpoison.util.Progress;

/**
 * The progress of a simulation as one line: pass it as the round callback ({@code .onRound(bar)})
 * and display it; {@link #toString()} draws the library's one progress bar ({@link Progress#line}),
 * for example {@code [########............]  8/20  accuracy 0.9123}. A notebook can show it once and
 * refresh the same output after each round. Safe to read from another thread while it is updated.
 */
public final class ProgressBar implements Consumer<RoundRecord> {
    private final int total;
    private final int width;
    private volatile int done;
    private volatile double accuracy = Double.NaN;
    private volatile Consumer<ProgressBar> listener;

    /** A bar of 20 characters for {@code totalRounds} rounds (at least 1). */
    public ProgressBar(int totalRounds) {
        this(totalRounds, 20);
    }

    /**
     * @param totalRounds rounds to expect, at least 1
     * @param width       characters between the brackets, at least 1
     */
    public ProgressBar(int totalRounds, int width) {
        if (totalRounds < 1) {
            throw new IllegalArgumentException("totalRounds is " + totalRounds + ", must be >= 1");
        }
        if (width < 1) {
            throw new IllegalArgumentException("width is " + width + ", must be >= 1");
        }
        this.total = totalRounds;
        this.width = width;
    }

    /** Records a finished round (its number and accuracy) and notifies the listener. */
    @Override
    public void accept(RoundRecord r) {
        done = Math.min(total, r.round() + 1);
        accuracy = r.accuracy();
        Consumer<ProgressBar> l = listener;
        if (l != null) {
            l.accept(this);
        }
    }

    /** Same as {@link #accept(RoundRecord)}. */
    public void update(RoundRecord r) {
        accept(r);
    }

    /** Called with this bar after each update (e.g. to refresh a notebook display); returns this bar. */
    public ProgressBar onUpdate(Consumer<ProgressBar> l) {
        this.listener = l;
        return this;
    }

    /** Rounds finished so far. */
    public int done() {
        return done;
    }

    /** Rounds expected. */
    public int total() {
        return total;
    }

    /** The bar as {@link Progress#line} draws every progress bar, e.g. {@code [########............]  8/20  accuracy 0.9123}. */
    @Override
    public String toString() {
        int d = done;
        double a = accuracy;
        return Progress.line("", d, total, d > 0 ? String.format(java.util.Locale.ROOT, "accuracy %.4f", a) : "", width);
    }
}
