package org.fedpoison.kernel;

import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;
import org.dflib.jjava.jupyter.kernel.history.HistoryManager;
import org.dflib.jjava.jupyter.kernel.HelpLink;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.dflib.jjava.jupyter.kernel.magic.MagicParser;
import org.dflib.jjava.jupyter.kernel.magic.MagicTranspiler;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.dflib.jjava.jupyter.kernel.util.TextColor;
import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.publish.PublishError;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteInput;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteResult;
import org.dflib.jjava.jupyter.messages.publish.PublishStream;
import org.dflib.jjava.jupyter.messages.reply.ErrorReply;
import org.dflib.jjava.jupyter.messages.reply.ExecuteReply;
import org.dflib.jjava.jupyter.messages.request.HistoryRequest;
import org.dflib.jjava.jupyter.messages.request.ExecuteRequest;
import org.dflib.jjava.jupyter.messages.request.KernelInfoRequest;
import org.fedpoison.kernel.analysis.CellParts;
import org.fedpoison.kernel.analysis.CodeAnalysis;
import org.fedpoison.kernel.execution.CellErrors;
import org.fedpoison.kernel.execution.CellException;
import org.fedpoison.kernel.execution.CellExecutionControl;
import org.fedpoison.kernel.execution.CellOutput;
import org.fedpoison.kernel.execution.EvaluationException;
import org.fedpoison.kernel.execution.Execution;
import org.fedpoison.kernel.execution.MagicException;
import org.fedpoison.kernel.magic.Globs;
import org.fedpoison.kernel.magic.Magic;
import org.fedpoison.kernel.magic.MagicContext;
import org.fedpoison.kernel.magic.Magics;
import org.fedpoison.kernel.transport.ExecuteReplyContent;
import org.fedpoison.kernel.transport.HistoryReplyContent;
import org.fedpoison.kernel.transport.KernelInfoReplyWithStatus;
import org.fedpoison.kernel.transport.OrderedIopubChannel;
import org.fedpoison.kernel.transport.VerifiedReplyEnvironment;
import org.fedpoison.kernel.transport.VerifyingShellChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;

/**
 * The fedpoison Jupyter kernel: Java cells run in JShell inside the kernel's own JVM.
 *
 * <p>This class wires the rooms together and speaks the protocol; the rooms are {@link Execution} (JShell,
 * snippets, values, interrupts), {@link Magics} (one object per magic), {@link CodeAnalysis} (completion,
 * inspection, completeness) and the transport ({@code org.fedpoison.kernel.transport}). What a cell can rely on,
 * with IJava's spellings so notebooks stay portable: definitions persist across cells; the value of the cell's
 * last expression is its result, rendered by MIME type; {@code display(obj)}, {@code render(obj)},
 * {@code updateDisplay(id, obj)}, {@code lineMagic(name, args)}, {@code cellMagic(name, args, body)} and
 * {@code eval(code)} are imported in every cell, beside JShell's default imports.
 *
 * <p>Protocol: {@code stop_on_error} aborts the execute requests queued behind a failed cell; {@code
 * user_expressions} are evaluated after the cell; {@code silent} sends no input, result or history;
 * {@code store_history=false} keeps the execution count; {@code history_request} is answered from memory.
 */
public final class FedpoisonKernel extends BaseKernel implements MagicContext {

    private static final Logger LOG = LoggerFactory.getLogger(FedpoisonKernel.class);

    /** Imports every cell sees: JShell's defaults, then the notebook functions. */
    static final List<String> IMPORTS = List.of(
            "import java.io.*;",
            "import java.math.*;",
            "import java.net.*;",
            "import java.nio.file.*;",
            "import java.util.*;",
            "import java.util.concurrent.*;",
            "import java.util.function.*;",
            "import java.util.prefs.*;",
            "import java.util.regex.*;",
            "import java.util.stream.*;",
            "import static org.dflib.jjava.jupyter.kernel.BaseNotebookStatics.display;",
            "import static org.dflib.jjava.jupyter.kernel.BaseNotebookStatics.render;",
            "import static org.dflib.jjava.jupyter.kernel.BaseNotebookStatics.updateDisplay;",
            "import static org.dflib.jjava.jupyter.kernel.BaseNotebookStatics.printf;",
            "import static org.dflib.jjava.jupyter.kernel.BaseNotebookStatics.lineMagic;",
            "import static org.dflib.jjava.jupyter.kernel.BaseNotebookStatics.cellMagic;",
            "import static org.dflib.jjava.jupyter.kernel.BaseNotebookStatics.eval;");

    private static final long FLUSH_MILLIS = 50;
    /** How long drawing a result (a chart's first PNG loads AWT and fonts) may take before a note replaces it. */
    private static final long RENDER_MILLIS = 20_000;
    private static final int FLUSH_BYTES = 256 * 1024;

    private final Path workDir;
    private final KernelSettings settings;
    private final InMemoryHistory history;
    private final Execution execution;
    private final Magics magics;
    private final CodeAnalysis analysis;
    private final List<String> startupNotes = new ArrayList<>();
    private boolean started;
    private int depth;
    private volatile CellOutput currentOutput;
    private volatile boolean shuttingDown;

    /**
     * @param workDir the directory that relative paths in magics resolve against (the notebook's)
     */
    public FedpoisonKernel(Path workDir) {
        this(workDir, KernelSettings.from(System.getenv()));
    }

    FedpoisonKernel(Path workDir, KernelSettings settings) {
        this(workDir, settings, new InMemoryHistory(10_000));
    }

    private FedpoisonKernel(Path workDir, KernelSettings settings, InMemoryHistory history) {
        super("fedpoison", version(), languageInfo(),
                List.of(new HelpLink("Java API", "https://docs.oracle.com/en/java/javase/17/docs/api/"),
                        new HelpLink("JShell", "https://docs.oracle.com/en/java/javase/17/jshell/")),
                history, new JupyterIO(StandardCharsets.UTF_8), new CommManager(),
                new Renderer(),
                new MagicParser("(?<=(?:^|=))\\s*%", "%%", new MagicTranspiler()), new MagicsRegistry(), true,
                new StringStyler.Builder()
                        .addPrimaryStyle(TextColor.BOLD_RESET_FG)
                        .addSecondaryStyle(TextColor.BOLD_RED_FG)
                        .addHighlightStyle(TextColor.BOLD_RESET_FG)
                        .build());
        this.workDir = workDir;
        this.settings = settings;
        this.history = history;
        this.execution = new Execution(new Execution.Settings(settings.compilerOptions(), settings.timeoutMillis(), IMPORTS));
        this.magics = Magics.standard(this);
        this.analysis = new CodeAnalysis(execution::shell, magics::lineNames, magics::cellNames);
        this.startupNotes.addAll(settings.problems());
        for (Magic m : magics.all()) {
            List<String> names = new ArrayList<>(m.aliases());
            names.add(0, m.name());
            for (String n : names) {
                if (m.isLine()) {
                    magicsRegistry.registerLineMagic(n, (k, args) -> magics.runLine(n, args));
                }
                if (m.isCell()) {
                    magicsRegistry.registerCellMagic(n, (k, args, body) -> magics.runCell(n, args, body));
                }
            }
        }
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

    // ---------------------------------------------------------------- start-up

    /** BaseKernel's start-up without loading extensions from the kernel's own class path. */
    @Override
    public void onStartup() {
        installNotebookKernel();
    }

    /**
     * Starts JShell in the background after the first kernel_info exchange, or {@code millis} after now if
     * none comes first. JShell's start (about 0.7 s of CPU: javac's first compilation) would otherwise run
     * beside the first exchange, which jupyter_server times, on Binder's one CPU. The first cell, completion
     * or inspection that comes earlier starts it and waits for it.
     */
    public void startShellAfter(long millis) {
        Thread timer = new Thread(() -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                return;
            }
            execution.startInBackground();
        }, "fedpoison-jshell-timer");
        timer.setDaemon(true);
        timer.start();
    }

    /**
     * The reply to kernel_info. Sent as busy, idle, the reply, both encoded before either is written
     * (jjava-jupyter leaves the idle to the channel's deferred actions, after the reply): a client that has
     * seen the reply must find the kernel idle, not still busy. jupyter_server decides then
     * whether to nudge a new connection; a gap of up to 0.1 s made JupyterLab miss the kernel's readiness.
     * The first exchange also starts JShell (see {@link #startShellAfter}).
     */
    @Override
    protected void handleKernelInfoRequest(ShellReplyEnvironment env, Message<KernelInfoRequest> message) {
        env.setStatusBusy();
        if (env instanceof VerifiedReplyEnvironment verified) {
            verified.idleThenReply(kernelInfo());
        } else {
            env.reply(kernelInfo());
            env.setStatusIdle();
        }
        execution.startInBackground();
    }

    /** The content of this kernel's kernel_info_reply. */
    KernelInfoReplyWithStatus kernelInfo() {
        return new KernelInfoReplyWithStatus(Header.PROTOCOL_VERISON, getName(), getVersion(),
                getLanguageInfo(), getBanner(), getHelpLinks());
    }

    /** Once, before the first cell: the start-up class path and scripts of the settings. */
    private void ensureStarted() {
        if (started) {
            return;
        }
        started = true;
        for (String entry : settings.classpath()) {
            try {
                List<Path> paths = Globs.expand(workDir, entry);
                if (paths.isEmpty()) {
                    startupNotes.add("IJAVA_CLASSPATH entry '" + entry + "' names no file (relative to " + workDir + ")");
                }
                addToClasspath(paths);
            } catch (Exception e) {
                startupNotes.add("IJAVA_CLASSPATH entry '" + entry + "': " + CellErrors.headline(e));
            }
        }
        for (String entry : settings.startupScripts()) {
            try {
                List<Path> files = Globs.expand(workDir, entry);
                if (files.isEmpty()) {
                    startupNotes.add("IJAVA_STARTUP_SCRIPTS_PATH entry '" + entry + "' names no file");
                }
                for (Path f : files) {
                    run(Files.readString(f));
                }
            } catch (Exception e) {
                startupNotes.add("start-up script '" + entry + "' failed: " + CellErrors.headline(e));
            }
        }
        if (!settings.startupCode().isBlank()) {
            try {
                run(settings.startupCode());
            } catch (Exception e) {
                startupNotes.add("IJAVA_STARTUP_SCRIPT failed: " + CellErrors.headline(e));
            }
        }
    }

    // ---------------------------------------------------------------- execution

    /**
     * One execute request: the protocol's fields ({@code silent}, {@code store_history}, {@code
     * user_expressions}, {@code stop_on_error}, {@code allow_stdin}), the cell's output coalesced
     * ({@link CellOutput}) and kept in order with every other message of the cell.
     */
    @Override
    protected synchronized void handleExecuteRequest(ShellReplyEnvironment env, Message<ExecuteRequest> message) {
        commManager.setMessageContext(message);
        ExecuteRequest request = message.getContent();
        boolean silent = request.isSilent();
        boolean store = request.shouldStoreHistory() && !silent;
        int count = store ? executionCount.getAndIncrement() : executionCount.get() - 1;
        env.setBusyDeferIdle();
        if (!silent) {
            env.publish(new PublishExecuteInput(request.getCode(), count));
        }
        CellOutput output = new CellOutput((err, text) -> env.publish(
                new PublishStream(err ? PublishStream.StreamType.ERR : PublishStream.StreamType.OUT, text)),
                settings.maxOutputBytes(), FLUSH_MILLIS, FLUSH_BYTES);
        OrderedIopubChannel iopub = env.getIopub() instanceof OrderedIopubChannel o ? o : null;
        if (iopub != null) {
            iopub.beforeOtherMessages(output::flush);
        }
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        InputStream oldIn = System.in;
        System.setOut(output.out());
        System.setErr(output.err());
        System.setIn(io.in);
        IoAccess.attach(io, env, request.isStdinEnabled());
        currentOutput = output;
        try {
            if (!startupNotes.isEmpty()) {
                startupNotes.forEach(n -> output.err().println("fedpoison kernel: " + n));
                startupNotes.clear();
            }
            DisplayData out = eval(request.getCode());
            Map<String, Map<String, Object>> expressions = userExpressions(request.getUserExpr());
            if (out != null && !silent) {
                env.publish(new PublishExecuteResult(count, out));
            }
            if (store) {
                history.add(count, request.getCode(), out == null ? null : textOf(out));
            }
            output.close();
            reply(env, new ExecuteReplyContent(count, expressions));
        } catch (Exception e) {
            output.flush();
            env.publish(PublishError.of(e, this::formatError));
            output.close();
            if (store) {
                history.add(count, request.getCode(), null);
            }
            ErrorReply error = ErrorReply.of(e);
            error.setExecutionCount(count);
            env.replyError(ExecuteReply.MESSAGE_TYPE.error(), error);
            if (request.shouldStopOnError() && env.getShell() instanceof VerifyingShellChannel shell) {
                shell.abortQueuedExecuteRequests();
            }
        } finally {
            currentOutput = null;
            output.close();
            if (iopub != null) {
                iopub.beforeOtherMessages(null);
            }
            System.setOut(oldOut);
            System.setErr(oldErr);
            System.setIn(oldIn);
            IoAccess.detach(io, env);
        }
    }

    private static String textOf(DisplayData d) {
        Object t = d.getData(MIMEType.TEXT_PLAIN);
        return t == null ? null : t.toString();
    }

    /** Each user expression's value as the protocol wants it: status, data and metadata, or the error. */
    private Map<String, Map<String, Object>> userExpressions(Map<String, String> expressions) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        if (expressions == null) {
            return out;
        }
        for (Map.Entry<String, String> e : expressions.entrySet()) {
            try {
                Object v = execution.evaluateExpression(e.getValue());
                DisplayData d = v == null ? new DisplayData("null") : renderResult(v);
                Map<String, Object> data = new LinkedHashMap<>();
                for (MIMEType t : List.of(MIMEType.TEXT_PLAIN, MIMEType.TEXT_HTML, MIMEType.IMAGE_PNG)) {
                    if (d.hasDataForType(t)) {
                        data.put(t.toString(), d.getData(t));
                    }
                }
                out.put(e.getKey(), Map.of("status", "ok", "data", data, "metadata", Map.of()));
            } catch (Exception ex) {
                String name = ex instanceof CellException ? ex.getClass().getSimpleName() : ex.getClass().getName();
                List<String> tb = ex instanceof CellException ce ? ce.traceback() : List.of(CellErrors.headline(ex));
                out.put(e.getKey(), Map.of("status", "error", "ename", name,
                        "evalue", String.valueOf(ex.getMessage()), "traceback", tb));
            }
        }
        return out;
    }

    /** history_request, answered from {@link InMemoryHistory} (jjava-jupyter's reply lacks the status). */
    @Override
    protected void handleHistoryRequest(ShellReplyEnvironment env, Message<HistoryRequest> message) {
        HistoryRequest request = message.getContent();
        env.setBusyDeferIdle();
        Set<HistoryManager.ResultFlag> flags = EnumSet.noneOf(HistoryManager.ResultFlag.class);
        if (request.includeOutput()) {
            flags.add(HistoryManager.ResultFlag.INCLUDE_OUTPUT);
        }
        List<HistoryEntry> entries = switch (request.getAccessType()) {
            case TAIL -> history.lookupTail(((HistoryRequest.Tail) request).getMaxReturnLength(), flags);
            case RANGE -> {
                HistoryRequest.Range r = (HistoryRequest.Range) request;
                yield history.lookupRange(r.getSessionIndex(), r.getStart(), r.getStop(), flags);
            }
            case SEARCH -> {
                HistoryRequest.Search q = (HistoryRequest.Search) request;
                if (q.filterUnique()) {
                    flags.add(HistoryManager.ResultFlag.UNIQUE);
                }
                yield history.search(q.getPattern(), q.getMaxReturnLength(), flags);
            }
        };
        reply(env, new HistoryReplyContent(entries, request.includeOutput()));
    }

    /** Replies with content whose Java type is not its message type's (our protocol-complete replies). */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void reply(ShellReplyEnvironment env, org.dflib.jjava.jupyter.messages.ContentType<?> content) {
        env.reply(new Message(env.getContext(), content.getType(), content));
    }

    /** The cell's value rendered, under a time limit: a chart or a {@code toString()} may never finish. */
    private DisplayData renderResult(Object value) {
        if (value instanceof DisplayData d) {
            return d; // render(obj) in the cell already did it
        }
        DisplayData[] out = new DisplayData[1];
        String failed = CellExecutionControl.withTimeLimit(() -> {
            out[0] = renderer.render(value);
            return null;
        }, RENDER_MILLIS, "timeout");
        if (out[0] != null) {
            return out[0];
        }
        String what = value.getClass().getName();
        return new DisplayData("timeout".equals(failed)
                ? "<" + what + ": rendering did not finish within " + RENDER_MILLIS / 1000 + " s>"
                : "<" + what + ": rendering failed " + failed + ">");
    }

    @Override
    public DisplayData eval(String code) {
        try {
            Object value = evalRaw(code);
            return value == null ? null : renderResult(value);
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
        boolean top = depth == 0;
        if (top) {
            ensureStarted();
            execution.beginCell();
        }
        depth++;
        try {
            return run(code);
        } finally {
            depth--;
            if (top) {
                execution.endCell();
            }
            System.out.flush();
            System.err.flush();
        }
    }

    /** Runs a cell's parts in order (code, line magics, or one cell magic) and returns the last part's value. */
    @Override
    public Object run(String code) {
        Object result = null;
        for (CellParts.Part part : CellParts.split(code)) {
            execution.checkInterrupted();
            if (part.isMagic()) {
                result = runMagic(part);
            } else {
                result = execution.runJava(code, CellParts.transpileValueMagics(part.text()), part.offset());
            }
        }
        execution.checkInterrupted();
        return result;
    }

    /** Runs a standalone magic part; its value is kept only for magics that show one (%time, %load). */
    private Object runMagic(CellParts.Part part) {
        try {
            boolean cell = part.magic().startsWith("%");
            String name = cell ? part.magic().substring(1) : part.magic();
            Object value = cell
                    ? magics.runCell(name, part.args(), part.text())
                    : magics.runLine(name, part.args());
            return magics.showsValue(name) ? value : null;
        } catch (CellException e) {
            throw e;
        } catch (Exception e) {
            throw new MagicException("%" + part.magic() + ": " + CellErrors.headline(e));
        }
    }

    @Override
    public Path workDir() {
        return workDir;
    }

    /**
     * Adds jars or class directories to what cells compile against and load from (skipping those already
     * added), then installs the JJava extensions ({@code META-INF/services/org.dflib.jjava.jupyter.Extension})
     * they carry, as stock JJava does.
     */
    @Override
    public List<Path> addToClasspath(List<Path> paths) {
        List<Path> added = new ArrayList<>();
        for (Path p : paths) {
            if (execution.addToClasspath(p)) {
                added.add(p.toAbsolutePath().normalize());
            }
        }
        if (!added.isEmpty()) {
            ClassLoader loader = execution.snippetLoader();
            if (loader != null) {
                if (settings.builtinRenderers()) {
                    registerBundledRenderers(loader);
                }
                try {
                    installExtensions(loader);
                } catch (RuntimeException | ServiceConfigurationError e) {
                    System.err.println("fedpoison kernel: a JJava extension on the new class path failed to load: "
                            + CellErrors.headline(e));
                }
            }
        }
        return added;
    }

    /**
     * The kernel's own renderers for charts and tables: the render module's jar that ships beside the kernel's
     * ({@code render/fedpoison-render.jar}), added to the cells' class path once XChart or Tablesaw is there, so
     * it links against the notebook's copies, and asked to register what it finds (again after every class
     * path change: XChart may come after Tablesaw). {@code FEDPOISON_BUILTIN_RENDERERS=false} turns this off,
     * leaving only the JJava extensions the notebook itself loads, as on stock JJava.
     */
    private void registerBundledRenderers(ClassLoader loader) {
        if (!loadable(loader, "org.knowm.xchart.BitmapEncoder") && !loadable(loader, "tech.tablesaw.api.Table")) {
            return;
        }
        try {
            if (!loadable(loader, RENDERING_CLASS)) {
                Path jar = bundledRenderJar();
                if (jar == null) {
                    LOG.warn("no render/fedpoison-render.jar beside the kernel: charts and tables show as text");
                    return;
                }
                execution.addToClasspath(jar);
            }
            Class.forName(RENDERING_CLASS, true, loader).getMethod("registerAvailable", BaseKernel.class)
                    .invoke(null, this);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.warn("the kernel's chart and table renderers did not load: {}", e.toString());
        }
    }

    private static final String RENDERING_CLASS = "org.fedpoison.render.NotebookRendering";

    private static boolean loadable(ClassLoader loader, String name) {
        try {
            Class.forName(name, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** {@code render/fedpoison-render.jar} beside the kernel's jar (or its {@code target/classes}), or null. */
    private static Path bundledRenderJar() {
        try {
            Path self = Path.of(FedpoisonKernel.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path jar = self.getParent().resolve("render").resolve("fedpoison-render.jar");
            return Files.isRegularFile(jar) ? jar : null;
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    /** Adds one jar or directory (see {@link #addToClasspath(List)}). */
    public void addToClasspath(Path path) {
        addToClasspath(List.of(path));
    }

    // ---------------------------------------------------------------- interrupt, shutdown

    @Override
    public void interrupt() {
        execution.interrupt();
    }

    /** True while a cell is being interrupted (a wait for input ends then). */
    boolean interrupting() {
        return execution.isInterrupted();
    }

    /** The running cell's output, or null: the exit hook writes its note there. */
    CellOutput currentOutput() {
        return currentOutput;
    }

    /** True once a shutdown was requested through the protocol. */
    boolean shuttingDown() {
        return shuttingDown;
    }

    @Override
    public void onShutdown(boolean restart) {
        shuttingDown = true;
        execution.close();
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

    @Override
    public ReplacementOptions complete(String code, int at) {
        return analysis.complete(code, at);
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        return analysis.inspect(code, at);
    }

    @Override
    public String isComplete(String code) {
        return analysis.isComplete(code);
    }

    /** Reaches JupyterIO's protected hooks that bind {@code display()} and {@code System.in} to a request. */
    private static final class IoAccess {
        private static final Method SET_ENV;
        private static final Method RETRACT_ENV;
        private static final Method STDIN;

        static {
            try {
                SET_ENV = JupyterIO.class.getDeclaredMethod("setEnv", ShellReplyEnvironment.class);
                RETRACT_ENV = JupyterIO.class.getDeclaredMethod("retractEnv", ShellReplyEnvironment.class);
                STDIN = JupyterIO.class.getDeclaredMethod("setJupyterInEnabled", boolean.class);
                SET_ENV.setAccessible(true);
                RETRACT_ENV.setAccessible(true);
                STDIN.setAccessible(true);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError("jjava-jupyter's JupyterIO changed: " + e);
            }
        }

        static void attach(JupyterIO io, ShellReplyEnvironment env, boolean stdin) {
            try {
                SET_ENV.invoke(io, env);
                STDIN.invoke(io, stdin);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot bind the notebook I/O to the request", e);
            }
        }

        static void detach(JupyterIO io, ShellReplyEnvironment env) {
            try {
                RETRACT_ENV.invoke(io, env);
            } catch (ReflectiveOperationException e) {
                LOG.warn("cannot unbind the notebook I/O: {}", e.toString());
            }
        }
    }
}
