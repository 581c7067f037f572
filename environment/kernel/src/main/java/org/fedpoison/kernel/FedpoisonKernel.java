package org.fedpoison.kernel;

import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.ExpressionSnippet;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.VarSnippet;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.HelpLink;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.magic.MagicParser;
import org.dflib.jjava.jupyter.kernel.magic.MagicTranspiler;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.dflib.jjava.jupyter.kernel.util.TextColor;
import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.request.KernelInfoRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The fedpoison Jupyter kernel: Java cells run in JShell inside the kernel's own JVM.
 *
 * <p>What a cell can rely on (the same spellings as IJava, so notebooks stay portable):
 * <ul>
 *   <li>definitions persist across cells; the value of the cell's last expression is its result, rendered
 *       by MIME type ({@link RichRenderer});</li>
 *   <li>{@code display(obj)} (returns a display id), {@code render(obj)} and {@code updateDisplay(id, obj)}
 *       are imported in every cell;</li>
 *   <li>line magics {@code %classpath} (alias {@code %jars}), {@code %maven}, {@code %load};</li>
 *   <li>compile errors show the line and a caret, exceptions the user part of the stack; an interrupt stops
 *       the running cell and keeps every earlier definition.</li>
 * </ul>
 * JShell starts in the background right after the first kernel_info exchange, so the kernel answers Jupyter
 * at once; the first cell waits for it if needed.
 */
public final class FedpoisonKernel extends BaseKernel {

    private static final Logger LOG = LoggerFactory.getLogger(FedpoisonKernel.class);

    /** Imports every cell sees. */
    static final String PRELUDE = String.join("\n",
            "import java.util.*;",
            "import java.util.function.*;",
            "import java.util.stream.*;",
            "import java.io.*;",
            "import java.math.*;",
            "import java.nio.file.*;",
            "import static org.dflib.jjava.jupyter.kernel.BaseNotebookStatics.display;",
            "import static org.dflib.jjava.jupyter.kernel.BaseNotebookStatics.render;",
            "import static org.dflib.jjava.jupyter.kernel.BaseNotebookStatics.updateDisplay;",
            "import static org.dflib.jjava.jupyter.kernel.BaseNotebookStatics.printf;");

    private static final String MAGICS_HELP = "available: %classpath (alias %jars), %maven, %load";

    private final Path workDir;
    private final CapturingExecutionProvider provider = new CapturingExecutionProvider();
    private final MavenMagic maven = new MavenMagic();
    private final Set<Path> classpath = new LinkedHashSet<>();
    private volatile CompletableFuture<JShell> shell;
    private volatile boolean interrupted;
    private volatile boolean running;
    private final java.util.concurrent.atomic.AtomicLong cellCount = new java.util.concurrent.atomic.AtomicLong();
    private int loadDepth;

    /**
     * @param workDir the directory that relative paths in magics resolve against (the notebook's)
     */
    public FedpoisonKernel(Path workDir) {
        super("fedpoison", version(), languageInfo(),
                List.of(new HelpLink("Java API", "https://docs.oracle.com/en/java/javase/17/docs/api/"),
                        new HelpLink("JShell", "https://docs.oracle.com/en/java/javase/17/jshell/")),
                null, new JupyterIO(StandardCharsets.UTF_8), new CommManager(),
                new RichRenderer(HtmlTable.DEFAULT_MAX_ROWS),
                new MagicParser("(?<=(?:^|=))\\s*%", "%%", new MagicTranspiler()), new MagicsRegistry(), false,
                new StringStyler.Builder()
                        .addPrimaryStyle(TextColor.BOLD_RESET_FG)
                        .addSecondaryStyle(TextColor.BOLD_RED_FG)
                        .addHighlightStyle(TextColor.BOLD_RESET_FG)
                        .build());
        this.workDir = workDir;
    }

    private static String version() {
        String v = FedpoisonKernel.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0" : v;
    }

    private static LanguageInfo languageInfo() {
        return new LanguageInfo.Builder("java")
                .version(Runtime.version().toString())
                .mimetype("text/x-java-source")
                .fileExtension(".jshell")
                .pygments("java")
                .codemirror("text/x-java")
                .build();
    }

    @Override
    public String getBanner() {
        return "Java " + Runtime.version() + " (fedpoison kernel, JShell)";
    }

    /**
     * The reply to kernel_info. Sent as busy, the reply, idle, with the idle status encoded before the reply
     * is sent and written right after it (jjava-jupyter leaves the idle to the channel's deferred actions): a
     * client that has seen the reply must find the kernel idle, not still busy. jupyter_server decides then
     * whether to nudge a new connection; a gap of up to 0.1 s made JupyterLab miss the kernel's readiness.
     * The first exchange also starts JShell (see {@link #startShellAfter}).
     */
    @Override
    protected void handleKernelInfoRequest(ShellReplyEnvironment env, Message<KernelInfoRequest> message) {
        env.setStatusBusy();
        if (env instanceof VerifiedReplyEnvironment verified) {
            verified.replyThenIdle(kernelInfo());
        } else {
            env.reply(kernelInfo());
            env.setStatusIdle();
        }
        startShellInBackground();
    }

    /** The content of this kernel's kernel_info_reply. */
    KernelInfoReplyWithStatus kernelInfo() {
        return new KernelInfoReplyWithStatus(Header.PROTOCOL_VERISON, getName(), getVersion(),
                getLanguageInfo(), getBanner(), getHelpLinks());
    }

    /**
     * Starts JShell in the background after the first kernel_info exchange, or {@code millis} after now if
     * none comes first. JShell's start (about 0.7 s of CPU: javac's first compilation) would otherwise run
     * beside the first exchange, which jupyter_server times, on Binder's one CPU. The first cell, completion
     * or inspection that comes earlier starts it and waits for it.
     *
     * @param millis the longest delay
     */
    public void startShellAfter(long millis) {
        Thread timer = new Thread(() -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                return;
            }
            startShellInBackground();
        }, "fedpoison-jshell-timer");
        timer.setDaemon(true);
        timer.start();
    }

    private synchronized CompletableFuture<JShell> startShellInBackground() {
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
        JShell js = JShell.builder()
                .executionEngine(provider, java.util.Map.of())
                .compilerOptions("-Xlint:none")
                .build();
        for (String line : PRELUDE.lines().toList()) {
            js.eval(line);
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

    private JShell shell() {
        try {
            return startShellInBackground().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while JShell was starting");
        } catch (ExecutionException e) {
            throw new IllegalStateException("JShell failed to start: " + e.getCause(), e.getCause());
        }
    }

    // ---------------------------------------------------------------- execution

    @Override
    public DisplayData eval(String code) {
        try {
            return super.eval(code);
        } catch (CellException e) {
            throw e;
        } catch (OutOfMemoryError e) {
            throw new EvaluationException("java.lang.OutOfMemoryError: " + e.getMessage(), CellErrors.exception(e));
        } catch (RuntimeException | Error e) {
            LOG.error("kernel error while running a cell", e);
            throw new EvaluationException(CellErrors.headline(e), CellErrors.exception(e));
        }
    }

    @Override
    public Object evalRaw(String code) {
        interrupted = false;
        cellCount.incrementAndGet();
        running = true;
        try {
            return runCell(code);
        } finally {
            running = false;
            System.out.flush();
            System.err.flush();
        }
    }

    private Object runCell(String code) {
        Object result = null;
        for (CellParts.Part part : CellParts.split(code)) {
            checkInterrupted();
            if (part.isMagic()) {
                runMagic(part.magic(), part.args());
                result = null;
            } else {
                result = runJava(code, part.text(), part.offset());
            }
        }
        checkInterrupted();
        return result;
    }

    private void checkInterrupted() {
        if (interrupted) {
            throw new InterruptedCellException("interrupted: the cell was stopped; earlier definitions are kept");
        }
    }

    /** Runs the Java code {@code text}, which starts at {@code offset} in {@code cell}; returns the last value. */
    private Object runJava(String cell, String text, int offset) {
        JShell js = shell();
        SourceCodeAnalysis sca = js.sourceCodeAnalysis();
        String rest = text;
        int consumed = 0;
        Object result = null;
        while (!rest.isBlank()) {
            checkInterrupted();
            SourceCodeAnalysis.CompletionInfo info = sca.analyzeCompletion(rest);
            String source;
            int used;
            switch (info.completeness()) {
                case EMPTY -> {
                    return result;
                }
                case COMPLETE, COMPLETE_WITH_SEMI -> {
                    source = info.source();
                    used = rest.length() - info.remaining().length();
                }
                default -> {
                    // incomplete or unparseable: let the compiler say what is wrong with the rest
                    source = rest;
                    used = rest.length();
                }
            }
            int lead = 0;
            while (lead < rest.length() && Character.isWhitespace(rest.charAt(lead))) {
                lead++;
            }
            int start = offset + consumed + lead;
            result = evalSnippet(js, cell, source, start);
            consumed += used;
            rest = rest.substring(used);
        }
        return result;
    }

    private Object evalSnippet(JShell js, String cell, String source, int start) {
        List<SnippetEvent> events = js.eval(source);
        checkInterrupted();
        Object value = null;
        for (SnippetEvent event : events) {
            if (event.causeSnippet() != null) {
                continue;
            }
            Snippet snippet = event.snippet();
            if (event.status() == Snippet.Status.REJECTED) {
                throw compileError(js, cell, source, start, snippet);
            }
            if (event.exception() != null) {
                Throwable t = event.exception();
                if (t instanceof EvalException || t instanceof UnresolvedReferenceException) {
                    throw new EvaluationException(CellErrors.headline(t), CellErrors.exception(t));
                }
                throw new EvaluationException(CellErrors.headline(t), CellErrors.exception(t));
            }
            value = valueOf(js, snippet, source);
        }
        return value;
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
            int base = locate(cell, source, start);
            int cellStart = Math.min(cell.length(), base + (p >= 0 ? p : s));
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

    /**
     * The index in the cell that corresponds to index 0 of {@code source} (JShell's normalized snippet,
     * which may keep leading blank lines or add a semicolon), searching near {@code guess}.
     */
    static int locate(String cell, String source, int guess) {
        String head = source.strip();
        int nl = head.indexOf('\n');
        if (nl > 0) {
            head = head.substring(0, nl);
        }
        if (head.length() > 20) {
            head = head.substring(0, 20);
        }
        if (head.isEmpty()) {
            return guess;
        }
        int inCell = cell.indexOf(head, Math.max(0, guess - 1));
        return inCell >= 0 ? inCell - source.indexOf(head) : guess;
    }

    private Object valueOf(JShell js, Snippet snippet, String source) {
        VarSnippet var = null;
        if (snippet instanceof VarSnippet v && v.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND) {
            var = v;
        } else if (snippet instanceof ExpressionSnippet es && !"void".equals(es.typeName())) {
            var = js.variables().filter(v -> v.name().equals(es.name()) && js.status(v).isActive())
                    .reduce((a, b) -> b).orElse(null);
        }
        if (var == null || source.strip().startsWith("display(")) {
            return null;
        }
        CapturingExecutionControl control = provider.control();
        control.clearCaptured();
        String text = js.varValue(var);
        return control.hasCaptured() ? control.captured() : text;
    }

    // ---------------------------------------------------------------- magics

    private void runMagic(String name, List<String> args) {
        switch (name) {
            case "classpath", "jars" -> addClasspath(name, args);
            case "maven" -> {
                if (args.isEmpty()) {
                    throw new MagicException("%maven: expected group:artifact:version");
                }
                for (String coords : args) {
                    for (Path p : maven.resolve(coords)) {
                        addToClasspath(p);
                    }
                }
            }
            case "load" -> load(args);
            case "" -> throw new MagicException("%: missing magic name; " + MAGICS_HELP);
            default -> throw new MagicException("%" + name + ": unknown magic; " + MAGICS_HELP);
        }
    }

    private void addClasspath(String name, List<String> args) {
        if (args.isEmpty()) {
            throw new MagicException("%" + name + ": expected one or more paths or globs");
        }
        List<Path> found = new ArrayList<>();
        for (String arg : args) {
            for (String entry : arg.split(java.io.File.pathSeparator)) {
                if (entry.isEmpty()) {
                    continue;
                }
                List<Path> paths;
                try {
                    paths = Globs.expand(workDir, entry);
                } catch (IOException | RuntimeException e) {
                    throw new MagicException("%" + name + ": cannot read '" + entry + "': " + e.getMessage());
                }
                if (paths.isEmpty()) {
                    throw new MagicException("%" + name + ": no such file: '" + entry + "' (relative to "
                            + workDir + ")");
                }
                found.addAll(paths);
            }
        }
        found.forEach(this::addToClasspath);
    }

    /**
     * Adds a jar or class directory to what cells compile against and load from; already-added paths are
     * skipped.
     *
     * @param path the jar or directory
     */
    public void addToClasspath(Path path) {
        Path p = path.toAbsolutePath().normalize();
        if (classpath.add(p)) {
            shell().addToClasspath(p.toString());
        }
    }

    private void load(List<String> args) {
        if (args.size() != 1) {
            throw new MagicException("%load: expected one file (.jsh, .java or .ipynb), got " + args.size()
                    + " arguments");
        }
        String arg = args.get(0);
        Path file = workDir.resolve(arg).normalize();
        String lower = arg.toLowerCase(Locale.ROOT);
        if (!lower.endsWith(".jsh") && !lower.endsWith(".java") && !lower.endsWith(".ipynb")) {
            throw new MagicException("%load: cannot load '" + arg + "': expected a .jsh, .java or .ipynb file");
        }
        if (!Files.isRegularFile(file)) {
            throw new MagicException("%load: no such file: '" + arg + "' (relative to " + workDir + ")");
        }
        if (loadDepth >= 8) {
            throw new MagicException("%load: '" + arg + "' nests %load more than 8 deep");
        }
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new MagicException("%load: cannot read '" + arg + "': " + e.getMessage());
        }
        List<String> cells;
        if (lower.endsWith(".ipynb")) {
            try {
                cells = NotebookCode.codeCells(text);
            } catch (IllegalArgumentException e) {
                throw new MagicException("%load: '" + arg + "' is not a notebook: " + e.getMessage());
            }
        } else {
            cells = List.of(text);
        }
        loadDepth++;
        try {
            for (String c : cells) {
                runCell(c);
            }
        } finally {
            loadDepth--;
        }
    }

    // ---------------------------------------------------------------- interrupt, shutdown

    @Override
    public void interrupt() {
        interrupted = true;
        CompletableFuture<JShell> s = shell;
        if (s == null || !running) {
            return;
        }
        long cell = cellCount.get();
        // JShell.stop() acts only while user code runs; if the request came while a snippet was still
        // compiling, keep asking for a few seconds, as long as the same cell is running
        Thread stopper = new Thread(() -> {
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (running && interrupted && cellCount.get() == cell && System.nanoTime() < deadline) {
                try {
                    if (s.isDone()) {
                        s.get().stop();
                    }
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    LOG.warn("stopping the running cell failed: {}", e.toString());
                    return;
                }
            }
        }, "fedpoison-interrupt");
        stopper.setDaemon(true);
        stopper.start();
    }

    @Override
    public void onShutdown(boolean restart) {
        CompletableFuture<JShell> s = shell;
        if (s != null && s.isDone()) {
            try {
                s.get().close();
            } catch (Exception e) {
                LOG.debug("closing JShell: {}", e.toString());
            }
        }
        super.onShutdown(restart);
    }

    @Override
    public List<String> formatError(Throwable e) {
        if (e instanceof CellException ce) {
            return ce.traceback();
        }
        return super.formatError(e);
    }

    // ---------------------------------------------------------------- completion, inspection

    /** The snippet of {@code code} that contains {@code cursor}: its start offset, or 0. */
    private int snippetStart(String code, int cursor) {
        SourceCodeAnalysis sca = shell().sourceCodeAnalysis();
        String masked = maskMagics(code);
        int start = 0;
        String rest = masked;
        while (!rest.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = sca.analyzeCompletion(rest);
            if (info.completeness() != SourceCodeAnalysis.Completeness.COMPLETE
                    && info.completeness() != SourceCodeAnalysis.Completeness.COMPLETE_WITH_SEMI) {
                break;
            }
            int used = rest.length() - info.remaining().length();
            if (used <= 0 || start + used >= cursor) {
                break;
            }
            start += used;
            rest = rest.substring(used);
        }
        while (start < cursor && Character.isWhitespace(masked.charAt(start))) {
            start++;
        }
        return start;
    }

    /** Blanks out magic lines (keeping offsets) so JShell's analysis sees only Java. */
    static String maskMagics(String code) {
        StringBuilder b = new StringBuilder(code);
        for (CellParts.Part p : CellParts.split(code)) {
            if (p.isMagic()) {
                for (int i = p.offset(); i < p.offset() + p.text().length(); i++) {
                    b.setCharAt(i, ' ');
                }
            }
        }
        return b.toString();
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        int cursor = Math.max(0, Math.min(at, code.length()));
        int start = snippetStart(code, cursor);
        String snippet = maskMagics(code).substring(start, cursor);
        int[] anchor = new int[1];
        List<SourceCodeAnalysis.Suggestion> suggestions =
                shell().sourceCodeAnalysis().completionSuggestions(snippet, snippet.length(), anchor);
        LinkedHashSet<String> matches = new LinkedHashSet<>();
        suggestions.stream().filter(SourceCodeAnalysis.Suggestion::matchesType)
                .forEach(s -> matches.add(s.continuation()));
        suggestions.forEach(s -> matches.add(s.continuation()));
        return new ReplacementOptions(new ArrayList<>(matches), start + anchor[0], cursor);
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        int cursor = Math.max(0, Math.min(at, code.length()));
        // Shift-Tab may come with the cursor inside a name: inspect the whole name
        while (cursor < code.length() && Character.isJavaIdentifierPart(code.charAt(cursor))) {
            cursor++;
        }
        int start = snippetStart(code, cursor);
        String snippet = maskMagics(code).substring(start, cursor);
        SourceCodeAnalysis sca = shell().sourceCodeAnalysis();
        List<SourceCodeAnalysis.Documentation> docs = sca.documentation(snippet, snippet.length(), true);
        if (docs.isEmpty()) {
            // the cursor is on a name rather than in a call: ask as if the call were opened
            docs = sca.documentation(snippet + "(", snippet.length() + 1, true);
        }
        if (docs.isEmpty()) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        for (SourceCodeAnalysis.Documentation d : docs) {
            text.append(d.signature()).append('\n');
            if (d.javadoc() != null && !d.javadoc().isBlank()) {
                text.append(d.javadoc().strip()).append("\n\n");
            }
        }
        return new DisplayData(text.toString().strip());
    }

    @Override
    public String isComplete(String code) {
        String rest = maskMagics(code);
        SourceCodeAnalysis sca = shell().sourceCodeAnalysis();
        while (!rest.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = sca.analyzeCompletion(rest);
            switch (info.completeness()) {
                case COMPLETE, COMPLETE_WITH_SEMI -> rest = info.remaining();
                case EMPTY -> {
                    return IS_COMPLETE_YES;
                }
                case DEFINITELY_INCOMPLETE, CONSIDERED_INCOMPLETE -> {
                    return indentAfter(code);
                }
                default -> {
                    return IS_COMPLETE_BAD;
                }
            }
        }
        return IS_COMPLETE_YES;
    }

    /** The indent for the next line of incomplete code: the last line's, one level deeper after an opener. */
    static String indentAfter(String code) {
        String[] lines = code.split("\n", -1);
        String last = "";
        for (int i = lines.length - 1; i >= 0; i--) {
            if (!lines[i].isBlank()) {
                last = lines[i];
                break;
            }
        }
        String lead = last.substring(0, last.length() - last.stripLeading().length());
        String end = last.stripTrailing();
        boolean opens = end.endsWith("{") || end.endsWith("(") || end.endsWith("[");
        return opens ? lead + "    " : lead;
    }
}
