package org.fedpoison.kernel.execution;

import jdk.jshell.Diag;
import jdk.jshell.ExpressionSnippet;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.VarSnippet;
import org.fedpoison.kernel.analysis.CellParts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Runs Java code in one JShell session inside the kernel's JVM: what persists across cells, how a cell is cut
 * into snippets, what its value is, how it is stopped.
 *
 * <p>A cell's code is cut into top-level snippets ({@link Snippets}). Consecutive plain
 * statements (not declarations, not expressions) run as one block of up to {@link #GROUP} statements, because
 * each JShell evaluation costs more as the session's snippets grow; a block that does not compile is run
 * statement by statement instead, so errors point at the right line.
 *
 * <p>Calls to {@code System.exit}, {@code Runtime.exit} and {@code Runtime.halt} in a cell are refused before
 * anything of the cell runs: they would end the kernel and every definition with it.
 */
public final class Execution {

    private static final Logger LOG = LoggerFactory.getLogger(Execution.class);

    /** How long before a cell an interrupt may come and still stop that cell. */
    static final long EARLY_INTERRUPT_MILLIS = 1_000;

    /** The most plain statements run as one block. */
    static final int GROUP = 200;

    private static final Pattern EXIT = Pattern.compile(
            "\\bSystem\\s*\\.\\s*exit\\s*\\(|\\bRuntime\\s*\\.\\s*getRuntime\\s*\\(\\s*\\)\\s*\\.\\s*(exit|halt)\\s*\\(");

    /** Settings of the JShell session. */
    public record Settings(List<String> compilerOptions, long timeoutMillis, List<String> imports) {
        public Settings {
            compilerOptions = List.copyOf(compilerOptions);
            imports = List.copyOf(imports);
        }
    }

    private final Settings settings;
    private final CellExecutionProvider provider;
    private final Set<Path> classpath = new LinkedHashSet<>();
    private final AtomicLong cells = new AtomicLong();
    private volatile CompletableFuture<JShell> shell;
    private volatile boolean interrupted;
    private volatile boolean running;
    private volatile long earlyInterrupt;
    private volatile ClassLoader snippetLoader;
    private final DroppedSnippets dropped = DroppedSnippets.create();

    public Execution(Settings settings) {
        this.settings = settings;
        this.provider = new CellExecutionProvider(settings.timeoutMillis());
    }

    /** Starts JShell on a thread of its own if it has not started yet; returns its future. */
    public synchronized CompletableFuture<JShell> startInBackground() {
        if (shell == null) {
            CompletableFuture<JShell> starting = new CompletableFuture<>();
            Thread t = new Thread(() -> {
                try {
                    starting.complete(startShell());
                } catch (Throwable e) {
                    starting.completeExceptionally(e);
                }
            }, "fedpoison-jshell-start");
            t.setDaemon(true);
            t.start();
            shell = starting;
        }
        return shell;
    }

    private JShell startShell() {
        List<String> options = new ArrayList<>(List.of("-Xlint:none"));
        options.addAll(settings.compilerOptions());
        JShell js = JShell.builder()
                .executionEngine(provider, java.util.Map.of())
                .compilerOptions(options.toArray(String[]::new))
                .build();
        for (String line : settings.imports()) {
            for (SnippetEvent e : js.eval(line)) {
                if (e.status() == Snippet.Status.REJECTED) {
                    LOG.warn("start-up import rejected: {}", line);
                }
            }
        }
        // the first expression loads and compiles the expression path (analysis, wrapping, value read)
        // once, here rather than in the user's first cell; its snippet is dropped again
        SourceCodeAnalysis.CompletionInfo info = js.sourceCodeAnalysis().analyzeCompletion("0");
        for (SnippetEvent e : js.eval(info.source())) {
            if (e.snippet() instanceof VarSnippet v) {
                js.varValue(v);
            }
            js.drop(e.snippet());
        }
        return js;
    }

    /** The JShell session, started now if needed; waits for its start. */
    public JShell shell() {
        try {
            return startInBackground().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while JShell was starting");
        } catch (ExecutionException e) {
            throw new IllegalStateException("JShell failed to start: " + e.getCause(), e.getCause());
        }
    }

    /** The class loader of the cells' classes and of the jars added to the class path, once a cell ran. */
    public ClassLoader snippetLoader() {
        ClassLoader l = snippetLoader;
        if (l == null) {
            shell();
            l = provider.control() == null ? null : provider.control().loader();
            snippetLoader = l;
        }
        return l;
    }

    /**
     * Marks the start of a cell. An interrupt that came while no cell ran is dropped, unless it came within
     * {@link #EARLY_INTERRUPT_MILLIS} before this cell started: the interrupt then overtook the cell's own
     * request on its way in (they travel on different sockets) and is meant for this cell.
     */
    public void beginCell() {
        long early = earlyInterrupt;
        earlyInterrupt = 0;
        interrupted = early != 0 && System.nanoTime() - early < EARLY_INTERRUPT_MILLIS * 1_000_000L;
        cells.incrementAndGet();
        running = true;
    }

    /** Marks the end of a cell. */
    public void endCell() {
        running = false;
    }

    /** True from an interrupt until the next cell starts. */
    public boolean isInterrupted() {
        return interrupted;
    }

    /** Throws if the running cell was interrupted. */
    public void checkInterrupted() {
        if (interrupted) {
            throw new InterruptedCellException("interrupted: the cell was stopped; earlier definitions are kept");
        }
    }

    /**
     * Stops the running cell: between snippets at once; a running snippet through
     * {@link CellExecutionControl#requestStop()}, which gives up waiting for it after
     * {@link CellExecutionControl#ABANDON_AFTER_MILLIS}.
     */
    public void interrupt() {
        interrupted = true;
        if (!running) {
            earlyInterrupt = System.nanoTime();
            return;
        }
        long cell = cells.get();
        // JShell runs nothing while it compiles; keep asking for a few seconds while the same cell runs
        Thread stopper = new Thread(() -> {
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (running && interrupted && cells.get() == cell && System.nanoTime() < deadline) {
                CellExecutionControl control = provider.control();
                if (control != null) {
                    control.requestStop();
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "fedpoison-interrupt");
        stopper.setDaemon(true);
        stopper.start();
    }

    /**
     * Adds a jar or class directory to what cells compile against and load from.
     *
     * @return true if it was not there before
     */
    public synchronized boolean addToClasspath(Path path) {
        Path p = path.toAbsolutePath().normalize();
        if (classpath.add(p)) {
            shell().addToClasspath(p.toString());
            return true;
        }
        return false;
    }

    /** The jars and directories added so far, in order. */
    public synchronized List<Path> classpath() {
        return List.copyOf(classpath);
    }

    /**
     * Runs the Java code {@code text}, which starts at {@code offset} in {@code cell}.
     *
     * @return the value of its last snippet if that is an expression (the object itself where JShell allows),
     *         else null
     */
    public Object runJava(String cell, String text, int offset) {
        refuseExit(text);
        JShell js = shell();
        SourceCodeAnalysis sca = js.sourceCodeAnalysis();
        List<Snippets.Piece> pieces = Snippets.cut(sca, text, offset);
        Object result = null;
        List<Snippets.Piece> group = new ArrayList<>();
        for (int i = 0; i < pieces.size(); i++) {
            checkInterrupted();
            Snippets.Piece p = pieces.get(i);
            boolean last = i == pieces.size() - 1;
            if (p.statement() && !last) {
                group.add(p);
                if (group.size() >= GROUP) {
                    runGroup(js, cell, group);
                }
                continue;
            }
            runGroup(js, cell, group);
            result = evalSnippet(js, cell, p.source(), p.start(), last);
        }
        runGroup(js, cell, group);
        return result;
    }

    private void runGroup(JShell js, String cell, List<Snippets.Piece> group) {
        if (group.isEmpty()) {
            return;
        }
        if (group.size() == 1) {
            evalSnippet(js, cell, group.get(0).source(), group.get(0).start(), false);
            group.clear();
            return;
        }
        StringBuilder block = new StringBuilder("{\n");
        for (Snippets.Piece p : group) {
            block.append(p.source()).append('\n');
        }
        block.append("}");
        List<SnippetEvent> events = js.eval(block.toString());
        boolean rejected = events.stream().anyMatch(ev -> ev.causeSnippet() == null
                && ev.status() == Snippet.Status.REJECTED);
        if (rejected) {
            for (SnippetEvent ev : events) {
                js.drop(ev.snippet());
            }
            List<Snippets.Piece> one = List.copyOf(group);
            group.clear();
            for (Snippets.Piece p : one) {
                checkInterrupted();
                evalSnippet(js, cell, p.source(), p.start(), false);
            }
            return;
        }
        group.clear();
        handleEvents(js, cell, block.toString(), 0, events, false);
    }

    private Object evalSnippet(JShell js, String cell, String source, int start, boolean wantValue) {
        return handleEvents(js, cell, source, start, js.eval(source), wantValue);
    }

    private Object handleEvents(JShell js, String cell, String source, int start, List<SnippetEvent> events,
                                boolean wantValue) {
        CellExecutionControl control = provider.control();
        if (control != null) {
            snippetLoader = control.loader();
            String abandoned = control.abandoned();
            if (abandoned != null) {
                throw new InterruptedCellException("interrupted: the cell could not be stopped within "
                        + (CellExecutionControl.ABANDON_AFTER_MILLIS / 100) / 10.0 + " s (" + abandoned
                        + "); it goes on in the background and may still print or change state. Earlier "
                        + "definitions are kept.");
            }
            if (control.timedOut()) {
                throw new InterruptedCellException("timed out: the snippet ran longer than "
                        + settings.timeoutMillis() + " ms (setting IJAVA_TIMEOUT) and was stopped");
            }
        }
        try {
            checkInterrupted();
            Object value = null;
            for (SnippetEvent event : events) {
                if (event.causeSnippet() != null) {
                    noteReset(event);
                    continue;
                }
                Snippet snippet = event.snippet();
                if (event.status() == Snippet.Status.REJECTED) {
                    throw compileError(js, cell, source, start, snippet);
                }
                if (event.exception() != null) {
                    Throwable t = event.exception();
                    throw new EvaluationException(CellErrors.headline(t), CellErrors.exception(t));
                }
                if (wantValue) {
                    value = valueOf(js, snippet);
                }
            }
            return value;
        } finally {
            dropTemporaries(js, events, control);
        }
    }

    /**
     * Drops the temporary variables ({@code $1}, {@code $2}, ...) JShell makes for every expression, a call like
     * {@code list.add(x);} included, once their value is read, and lets go of the object each one holds. JShell
     * keeps an active variable forever and writes an {@code import static} line for each one into the source of
     * every later snippet, so each kept temporary made every later snippet larger to compile and to keep (about
     * 40 bytes more source per temporary, in several copies, for every snippet after it: memory and time per cell
     * grew with the session's length) and pinned its value (a chart, a result table) for the session's life.
     * No cell can name a temporary: the notebook shows values, not {@code $n} names.
     */
    private void dropTemporaries(JShell js, List<SnippetEvent> events, CellExecutionControl control) {
        for (SnippetEvent event : events) {
            if (event.causeSnippet() == null && event.snippet() instanceof VarSnippet v
                    && v.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND && js.status(v).isActive()) {
                String className = control == null ? null : control.forgetValue(v.name());
                js.drop(v);
                if (className != null && dropped != null) {
                    dropped.forget(js, v, className);
                }
            }
        }
    }

    /** A variable whose type was redefined keeps its name but loses its value: say so. */
    private static void noteReset(SnippetEvent event) {
        if (event.snippet() instanceof VarSnippet v && event.status().isActive()
                && event.previousStatus().isActive() && event.causeSnippet() != null) {
            String cause = event.causeSnippet() instanceof jdk.jshell.DeclarationSnippet d ? d.name() : "a definition";
            System.err.println("note: variable " + v.name() + " (" + v.typeName() + ") was reset to its default "
                    + "value because " + cause + " was redefined");
        }
    }

    private CompilationException compileError(JShell js, String cell, String source, int start, Snippet snippet) {
        List<String> lines = new ArrayList<>();
        String first = null;
        for (Diag d : js.diagnostics(snippet).toList()) {
            if (!d.isError()) {
                continue;
            }
            String message = d.getMessage(Locale.ROOT);
            if (first == null) {
                first = message.lines().findFirst().orElse(message);
            }
            int s = (int) Math.max(0, d.getStartPosition());
            int e = (int) Math.max(s, d.getEndPosition());
            int p = (int) Math.max(0, d.getPosition());
            // diagnostics are relative to the snippet's source; map them back into the cell
            int base = Snippets.locate(cell, source, start);
            int cellStart = Math.min(cell.length(), base + p);
            int cellEnd = Math.min(cell.length(), base + Math.max(e, p + 1));
            if (p - s > 0 && p - s < 40) {
                cellStart = Math.min(cell.length(), base + s);
            }
            lines.addAll(CellErrors.compileError(cell, cellStart, cellEnd, message));
        }
        if (first == null) {
            first = "the snippet was rejected";
            lines.add(first);
        }
        return new CompilationException(first, lines);
    }

    private Object valueOf(JShell js, Snippet snippet) {
        VarSnippet var = null;
        if (snippet instanceof VarSnippet v && v.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND) {
            var = v;
        } else if (snippet instanceof ExpressionSnippet es && !"void".equals(es.typeName())) {
            var = js.variables().filter(v -> v.name().equals(es.name()) && js.status(v).isActive())
                    .reduce((a, b) -> b).orElse(null);
        }
        if (var == null || snippet.source().strip().startsWith("display(")) {
            return null;
        }
        CellExecutionControl control = provider.control();
        control.clearCaptured();
        String text = js.varValue(var);
        if (!control.hasCaptured()) {
            return text;
        }
        Object v = control.captured();
        control.clearCaptured(); // the kernel holds the value until it is shown, no longer
        // arrays print as JShell prints them ("int[3] { 1, 2, 3 }"), not as [I@1b6d3586
        return v != null && v.getClass().isArray() ? text : v;
    }

    /**
     * Evaluates one expression of a request's {@code user_expressions}.
     *
     * @return its value (the object where JShell allows), or null for a statement or void call
     */
    public Object evaluateExpression(String expression) {
        refuseExit(expression);
        JShell js = shell();
        return handleEvents(js, expression, expression, 0, js.eval(expression), true); // leaves no $n behind
    }

    private static void refuseExit(String code) {
        if (EXIT.matcher(CellParts.withoutLiteralsAndComments(code)).find()) {
            throw new RefusedCodeException("refused: System.exit, Runtime.exit and Runtime.halt would end the kernel "
                    + "and every definition with it; nothing of this cell ran. To start afresh, restart the kernel "
                    + "(Kernel > Restart).");
        }
    }

    /** Closes JShell. */
    public void close() {
        CompletableFuture<JShell> s = shell;
        if (s != null && s.isDone()) {
            try {
                s.get().close();
            } catch (Exception e) {
                LOG.debug("closing JShell: {}", e.toString());
            }
        }
    }
}
