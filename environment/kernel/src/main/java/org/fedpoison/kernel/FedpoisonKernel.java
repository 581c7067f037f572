package org.fedpoison.kernel;

import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.HelpLink;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.magic.MagicParser;
import org.dflib.jjava.jupyter.kernel.magic.MagicTranspiler;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.dflib.jjava.jupyter.kernel.util.TextColor;
import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.Message;
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
import org.fedpoison.kernel.magic.Magic;
import org.fedpoison.kernel.magic.MagicContext;
import org.fedpoison.kernel.magic.Magics;
import org.fedpoison.kernel.transport.KernelInfoReplyWithStatus;
import org.fedpoison.kernel.transport.VerifiedReplyEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The fedpoison Jupyter kernel: Java cells run in JShell inside the kernel's own JVM.
 *
 * <p>This class wires the rooms together and runs a cell's parts; the rooms are {@link Execution} (JShell,
 * snippets, values, interrupts), {@link Magics} (one object per magic), {@link CodeAnalysis} (completion,
 * inspection, completeness), {@link ExecuteRequests} (execute and history requests), {@link CellClasspath}
 * (jars, extensions, renderers), {@link StartupSettings} and the transport ({@code org.fedpoison.kernel.transport}). What a cell can rely on,
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

    /**
     * Imports every cell sees: JShell's defaults, then the notebook functions ({@code display}, {@code render},
     * {@code updateDisplay}, {@code printf}, {@code lineMagic}, {@code cellMagic}, {@code eval}: all that
     * BaseNotebookStatics has) in one on-demand import. JShell writes every import into the source of every
     * snippet and keeps that source for the session's life, three copies per snippet: the seven single imports
     * took 525 characters of each copy, this one 59. A cell's own method of the same name takes precedence.
     */
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
            "import static org.dflib.jjava.jupyter.kernel.BaseNotebookStatics.*;");

    /** How long drawing a result (a chart's first PNG loads AWT and fonts) may take before a note replaces it. */
    private static final long RENDER_MILLIS = 20_000;

    private final Path workDir;
    private final KernelSettings settings;
    private final Execution execution;
    private final ExecuteRequests requests;
    private final CellClasspath classpath;
    private final Magics magics;
    private final CodeAnalysis analysis;
    private final List<String> startupNotes = new ArrayList<>();
    private boolean started;
    private int depth;
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
        this.execution = new Execution(new Execution.Settings(settings.compilerOptions(), settings.timeoutMillis(), IMPORTS));
        this.requests = new ExecuteRequests(this, io, commManager, executionCount, history, settings.maxOutputBytes());
        this.classpath = new CellClasspath(this, execution, settings.builtinRenderers(), this::installExtensions);
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
        if (!started) {
            started = true;
            StartupSettings.apply(settings, workDir, this::addToClasspath, this::run, startupNotes);
        }
    }

    // ---------------------------------------------------------------- execution

    /** One execute request: see {@link ExecuteRequests}. */
    @Override
    protected synchronized void handleExecuteRequest(ShellReplyEnvironment env, Message<ExecuteRequest> message) {
        requests.execute(env, message);
    }

    /** history_request, answered from memory: see {@link ExecuteRequests}. */
    @Override
    protected void handleHistoryRequest(ShellReplyEnvironment env, Message<HistoryRequest> message) {
        requests.history(env, message);
    }

    /** The start-up problems not yet shown, which the next cell prints to its stderr; clears them. */
    List<String> drainStartupNotes() {
        List<String> notes = List.copyOf(startupNotes);
        startupNotes.clear();
        return notes;
    }

    /** Evaluates one of a request's {@code user_expressions} (see {@link Execution#evaluateExpression}). */
    Object evaluateExpression(String expression) {
        return execution.evaluateExpression(expression);
    }

    /** The cell's value rendered, under a time limit: a chart or a {@code toString()} may never finish. */
    DisplayData renderResult(Object value) {
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

    /** Adds jars or class directories to what cells compile against and load from: see {@link CellClasspath}. */
    @Override
    public List<Path> addToClasspath(List<Path> paths) {
        return classpath.add(paths);
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
        return requests.currentOutput();
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
}
