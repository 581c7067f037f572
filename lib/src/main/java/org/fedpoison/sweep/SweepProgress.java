package org.fedpoison.sweep;

import java.io.PrintStream;
import java.util.function.Consumer;
import org.fedpoison.util.Progress;

/**
 * The progress of a sweep as one line: runs done out of the total, failures, and an estimate of the
 * time left, e.g. {@code attacks x defences  [########............]  72/180  2 failed, 1:40 left}.
 * <ul>
 *   <li>In a notebook, show it and refresh it as runs finish:
 *       <pre>{@code SweepProgress progress = SweepProgress.of("attacks x defences");
 * String id = display(progress);
 * sweep.run(LocalRunner.defaults(), file, progress.onChange(p -> updateDisplay(id, p)));}</pre></li>
 *   <li>In a console or a log, {@link #console(String, PrintStream)} prints the line at the start, at
 *       most every 5 seconds while runs finish, and at the end.</li>
 * </ul>
 * The time left is the average time per run computed so far (runs read back from a runs file do not
 * count), times the runs left; it shows {@code --:--} until a run has finished. The last line a
 * sweep leaves says {@code done in m:ss}. Mutable by design: it is a display, not a value.
 */
public final class SweepProgress implements SweepListener {
    /** Characters in the bar (the library's one bar, {@link Progress#line}). */
    public static final int BAR_WIDTH = Progress.BAR_WIDTH;
    private final String label;
    private Consumer<SweepProgress> onChange = p -> {};
    private PrintStream console;
    private long consoleLast;
    private boolean startedYet;
    private int total;
    private int computed;
    private int done;
    private int failed;
    private long t0;
    private boolean ended;

    private SweepProgress(String label) {
        if (label == null || label.isBlank()) {
            throw new IllegalArgumentException("label is " + (label == null ? "null" : "blank") + ", must name the sweep");
        }
        this.label = label;
    }

    /** A progress line labelled {@code label}, shown by {@link #toString()}. */
    public static SweepProgress of(String label) {
        return new SweepProgress(label);
    }

    /** A progress line that prints itself to {@code out} (e.g. {@code System.err}). */
    public static SweepProgress console(String label, PrintStream out) {
        SweepProgress p = new SweepProgress(label);
        p.console = out;
        return p;
    }

    /** Calls {@code action} (e.g. a notebook's display update) after every change; returns this. */
    public SweepProgress onChange(Consumer<SweepProgress> action) {
        this.onChange = action == null ? p -> {} : action;
        return this;
    }

    @Override
    public void started(int total, int alreadyDone) {
        this.total = total;
        this.startedYet = true;
        this.done = alreadyDone;
        this.t0 = System.nanoTime();
        changed(true);
    }

    @Override
    public void finished(RunResult result) {
        if (!startedYet) {
            throw new IllegalStateException("progress '" + label + "': a run finished before the sweep started");
        }
        computed++;
        done++;
        if (!result.ok()) {
            failed++;
        }
        changed(false);
    }

    @Override
    public void ended() {
        ended = true;
        changed(true);
    }

    /** Runs done (computed or read back). */
    public int done() {
        return done;
    }

    /** Runs computed in this call (the others were read back from the runs file). */
    public int computed() {
        return computed;
    }

    /** Runs that failed so far. */
    public int failed() {
        return failed;
    }

    /** Runs in the sweep. */
    public int total() {
        return total;
    }

    private String status() {
        double elapsed = (System.nanoTime() - t0) / 1e9;
        String f = failed + " failed";
        if (ended) {
            return f + ", done in " + clock(elapsed);
        }
        String left = computed == 0 ? "--:--" : clock(elapsed / computed * (total - done));
        return f + ", " + left + " left";
    }

    private static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String.format("%d:%02d", s / 60, s % 60);
    }

    private void changed(boolean always) {
        if (console != null) {
            long now = System.nanoTime();
            if (always || now - consoleLast > 5_000_000_000L) {
                console.println(this);
                console.flush();
                consoleLast = now;
            }
        }
        onChange.accept(this);
    }

    @Override
    public String toString() {
        if (!startedYet) {
            return label + "  (not started)";
        }
        return Progress.line(label, done, total, status(), BAR_WIDTH);
    }
}
