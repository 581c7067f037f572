package org.fedpoison.kernel;

import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;
import org.dflib.jjava.jupyter.kernel.history.HistoryManager;
import org.dflib.jjava.jupyter.messages.ContentType;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.publish.PublishError;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteInput;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteResult;
import org.dflib.jjava.jupyter.messages.publish.PublishStream;
import org.dflib.jjava.jupyter.messages.reply.ErrorReply;
import org.dflib.jjava.jupyter.messages.reply.ExecuteReply;
import org.dflib.jjava.jupyter.messages.request.ExecuteRequest;
import org.dflib.jjava.jupyter.messages.request.HistoryRequest;
import org.fedpoison.kernel.execution.CellErrors;
import org.fedpoison.kernel.execution.CellException;
import org.fedpoison.kernel.execution.CellOutput;
import org.fedpoison.kernel.transport.ExecuteReplyContent;
import org.fedpoison.kernel.transport.HistoryReplyContent;
import org.fedpoison.kernel.transport.OrderedIopubChannel;
import org.fedpoison.kernel.transport.VerifyingShellChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The kernel's answers to execute and history requests: the protocol's fields ({@code silent}, {@code
 * store_history}, {@code user_expressions}, {@code stop_on_error}, {@code allow_stdin}), the cell's output
 * coalesced ({@link CellOutput}) and kept in order with every other message of the cell, the reply, and the
 * history kept in memory.
 */
final class ExecuteRequests {

    private static final Logger LOG = LoggerFactory.getLogger(ExecuteRequests.class);
    private static final long FLUSH_MILLIS = 50;
    private static final int FLUSH_BYTES = 256 * 1024;

    private final FedpoisonKernel kernel;
    private final JupyterIO io;
    private final CommManager comms;
    private final AtomicInteger executionCount;
    private final InMemoryHistory history;
    private final long maxOutputBytes;
    private volatile CellOutput currentOutput;

    ExecuteRequests(FedpoisonKernel kernel, JupyterIO io, CommManager comms, AtomicInteger executionCount,
                    InMemoryHistory history, long maxOutputBytes) {
        this.kernel = kernel;
        this.io = io;
        this.comms = comms;
        this.executionCount = executionCount;
        this.history = history;
        this.maxOutputBytes = maxOutputBytes;
    }

    /** The running cell's output, or null. */
    CellOutput currentOutput() {
        return currentOutput;
    }

    /** One execute request, from its input message to its reply. */
    void execute(ShellReplyEnvironment env, Message<ExecuteRequest> message) {
        comms.setMessageContext(message);
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
                maxOutputBytes, FLUSH_MILLIS, FLUSH_BYTES);
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
            kernel.drainStartupNotes().forEach(n -> output.err().println("fedpoison kernel: " + n));
            DisplayData out = kernel.eval(request.getCode());
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
            env.publish(PublishError.of(e, kernel::formatError));
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
                Object v = kernel.evaluateExpression(e.getValue());
                DisplayData d = v == null ? new DisplayData("null") : kernel.renderResult(v);
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
    void history(ShellReplyEnvironment env, Message<HistoryRequest> message) {
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
    private static void reply(ShellReplyEnvironment env, ContentType<?> content) {
        env.reply(new Message(env.getContext(), content.getType(), content));
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
