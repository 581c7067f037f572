package org.fedpoison.kernel.transport;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.reflect.TypeToken;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.channels.ShellChannel;
import org.dflib.jjava.jupyter.channels.ShellHandler;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.publish.PublishStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A shell or control channel that authenticates every message before handling it.
 *
 * <p>jjava-jupyter's own channel throws out of its loop thread on a bad signature or a malformed frame,
 * which silently ends the kernel's service. This one reads whole multipart messages, checks them with
 * {@link SignedFrames}, parses them defensively, drops and logs anything that fails, and keeps serving.
 * Handlers are dispatched exactly as in jjava-jupyter: one message at a time, on this channel's thread.
 */
public final class VerifyingShellChannel extends ShellChannel {

    private static final Logger LOG = LoggerFactory.getLogger(VerifyingShellChannel.class);
    private static final int POLL_MS = 100;
    private static final Type JSON_MAP = new TypeToken<Map<String, Object>>() { }.getType();

    private final String label;
    private final JupyterConnection connection;
    private final SignedFrames verifier;
    private final WireFrames wire;
    private final long maxMessageBytes;
    private volatile boolean running;
    private volatile boolean abortQueued;
    private Thread loop;
    private ZMQ.Poller poller;
    /** Requests taken off the socket while aborting, to be handled next, in order (this channel's thread only). */
    private final ArrayDeque<Message<?>> held = new ArrayDeque<>();

    VerifyingShellChannel(ZMQ.Context ctx, KernelConnectionProperties props, boolean control,
                          JupyterConnection connection, ReplayGuard replays, WireFrames wire,
                          long maxMessageBytes) throws Exception {
        super(ctx, props.createHMACGenerator(), control, connection);
        if (maxMessageBytes < 1024) {
            throw new IllegalArgumentException("the message size limit must be at least 1024 bytes, got "
                    + maxMessageBytes);
        }
        this.label = control ? "control" : "shell";
        this.connection = connection;
        this.verifier = new SignedFrames(props.getSignatureScheme(), props.getKey(), replays);
        this.wire = wire;
        this.maxMessageBytes = maxMessageBytes;
        // ZeroMQ drops (and disconnects) anything past 8 times the limit before it is even buffered whole
        setMaxMsgSize(maxMessageBytes > Long.MAX_VALUE / 8 ? -1 : maxMessageBytes * 8);
    }

    /**
     * Answers the execute requests already waiting with {@code status: aborted} instead of running them (the
     * protocol's {@code stop_on_error}: a failed cell of a "Run All" stops the cells queued after it). Called by
     * the failed request's handler, on this channel's thread, so the requests are taken before that request's
     * idle status goes out: a client that waits for the idle and then sends its next cell does not have it
     * aborted. Other requests waiting are handled as usual once the current one is done.
     */
    public void abortQueuedExecuteRequests() {
        if (Thread.currentThread() == loop && poller != null) {
            abortWaiting(poller);
        } else {
            abortQueued = true;
        }
    }

    @Override
    public void bind(KernelConnectionProperties props) {
        if (loop != null) {
            throw new IllegalStateException(label + " channel already bound");
        }
        int port = label.equals("control") ? props.getControlPort() : props.getShellPort();
        String address = props.getTransport() + "://" + props.getIp() + ":" + port;
        bind(address);
        running = true;
        loop = new Thread(this::serve, "fedpoison-" + label);
        loop.start();
    }

    private void serve() {
        ZMQ.Poller poller = ctx.poller(1);
        poller.register(this, ZMQ.Poller.POLLIN);
        this.poller = poller;
        try {
            while (running) {
                while (!held.isEmpty()) {
                    dispatch(held.poll());
                }
                if (abortQueued) {
                    abortQueued = false;
                    abortWaiting(poller);
                    continue;
                }
                if (poller.poll(POLL_MS) <= 0) {
                    continue;
                }
                Message<?> message = receive();
                if (message != null) {
                    dispatch(message);
                }
            }
        } catch (ZMQException | IllegalStateException e) {
            if (running) {
                LOG.error("{} channel stopped: {}", label, e.toString());
            }
        } finally {
            poller.close();
        }
    }

    /**
     * Replies "aborted" to the execute requests waiting now; dispatches the other requests. What is waiting is
     * read first, all of it, and only then answered: a request that arrives while the answers go out was sent
     * after the failure was reported and runs as usual.
     */
    private void abortWaiting(ZMQ.Poller poller) {
        List<Message<?>> waiting = new ArrayList<>();
        while (running && poller.poll(0) > 0) {
            Message<?> message = receive();
            if (message != null) {
                waiting.add(message);
            }
        }
        for (Message<?> message : waiting) {
            if (message.getHeader().getType() == MessageType.EXECUTE_REQUEST) {
                sendStatus(message, PublishStatus.BUSY);
                WireFrames.send(this, wire.encode(reply(message, MessageType.EXECUTE_REPLY, Map.of("status", "aborted"))));
                sendStatus(message, PublishStatus.IDLE);
            } else {
                held.add(message); // handled in order once the current request is done
            }
        }
    }

    private void sendStatus(Message<?> parent, PublishStatus status) {
        connection.getIOPub().sendMessage(new Message<>(parent, PublishStatus.MESSAGE_TYPE, status));
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Message<?> reply(Message<?> request, MessageType<?> type, Object content) {
        return new Message(request.getIdentities(), new Header(request, type), request.getHeader(), null, content, null);
    }

    /** Reads one whole multipart message; returns null (after logging, or an error reply) when it must be dropped. */
    private synchronized Message<?> receive() {
        List<byte[]> frames = new ArrayList<>();
        long size = 0;
        do {
            byte[] frame = recv(ZMQ.DONTWAIT);
            if (frame == null) {
                break;
            }
            size += frame.length;
            frames.add(frame);
        } while (hasReceiveMore());
        try {
            SignedFrames.Parts parts = verifier.verify(frames);
            if (size > maxMessageBytes) {
                refuseLarge(parts, size);
                return null;
            }
            return parse(parts);
        } catch (SignedFrames.Rejected e) {
            LOG.warn("dropped a message on the {} channel: {}", label, e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("dropped a malformed message on the {} channel: {}", label, e.toString());
        }
        return null;
    }

    /**
     * An authentic request larger than the limit: its content is not parsed; the client gets an error reply
     * (for an execute request also an error on iopub, which a notebook shows under the cell).
     */
    private void refuseLarge(SignedFrames.Parts parts, long size) throws SignedFrames.Rejected {
        SignedFrames.Parts head = new SignedFrames.Parts(parts.identities(), parts.header(), parts.parent(),
                "{}".getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8), List.of());
        Message<?> request = parse(head);
        String type = request.getHeader().getType().getName();
        String reason = String.format(java.util.Locale.ROOT,
                "the %s is %.1f MB; the kernel accepts at most %.1f MB per message (setting FEDPOISON_MAX_MESSAGE_MB)",
                type, size / 1e6, maxMessageBytes / 1e6);
        LOG.warn("refused a message on the {} channel: {}", label, reason);
        String replyType = type.endsWith("_request") ? type.substring(0, type.length() - 8) + "_reply" : type + "_reply";
        MessageType<?> rt = MessageType.getType(replyType);
        if (rt == null) {
            return;
        }
        Map<String, Object> error = Map.of("status", "error", "ename", "MessageTooLarge", "evalue", reason,
                "traceback", List.of(reason));
        sendStatus(request, PublishStatus.BUSY);
        if (request.getHeader().getType() == MessageType.EXECUTE_REQUEST) {
            connection.getIOPub().sendMessage(new Message<>(request, org.dflib.jjava.jupyter.messages.publish.PublishError.MESSAGE_TYPE,
                    new org.dflib.jjava.jupyter.messages.publish.PublishError("MessageTooLarge", reason, List.of(reason))));
        }
        WireFrames.send(this, wire.encode(reply(request, rt, error)));
        sendStatus(request, PublishStatus.IDLE);
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    static Message<?> parse(SignedFrames.Parts parts) throws SignedFrames.Rejected {
        JsonObject headerJson = object(parts.header(), "header");
        for (String field : List.of("msg_id", "msg_type")) {
            JsonElement e = headerJson.get(field);
            if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
                throw new SignedFrames.Rejected("header has no string " + field);
            }
        }
        Header header = WireFrames.GSON.fromJson(headerJson, Header.class);
        if (header.getType() == null) {
            throw new SignedFrames.Rejected("unknown msg_type");
        }
        JsonObject parentJson = object(parts.parent(), "parent_header");
        Header parent = parentJson.size() == 0 ? null : WireFrames.GSON.fromJson(parentJson, Header.class);
        Map<String, Object> metadata = WireFrames.GSON.fromJson(object(parts.metadata(), "metadata"), JSON_MAP);
        JsonObject contentJson = object(parts.content(), "content");
        Object content = WireFrames.GSON.fromJson(contentJson, header.getType().getContentType());
        return new Message(parts.identities(), header, parent, metadata, content, parts.buffers());
    }

    private static JsonObject object(byte[] frame, String what) throws SignedFrames.Rejected {
        JsonElement e;
        try {
            e = JsonParser.parseString(new String(frame, StandardCharsets.UTF_8));
        } catch (RuntimeException ex) {
            throw new SignedFrames.Rejected(what + " is not JSON");
        }
        if (!e.isJsonObject()) {
            throw new SignedFrames.Rejected(what + " is not a JSON object");
        }
        return e.getAsJsonObject();
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private void dispatch(Message<?> message) {
        MessageType<?> type = message.getHeader().getType();
        ShellHandler handler = connection.getHandler(type);
        if (handler == null) {
            LOG.warn("no handler for {} on the {} channel", type.getName(), label);
            return;
        }
        ShellReplyEnvironment env = connection.prepareReplyEnv(this, message);
        try {
            handler.handle(env, message);
        } catch (Throwable t) {
            LOG.error("handling {} failed: {}", type.getName(), t.toString());
        } finally {
            try {
                env.resolveDeferrals();
            } catch (RuntimeException e) {
                LOG.error("finishing {} failed: {}", type.getName(), e.toString());
            }
        }
        if (env.isMarkedForShutdown()) {
            running = false;
            connection.close();
        }
    }

    @Override
    public void close() {
        running = false;
        Thread t = loop;
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        super.close();
    }

    @Override
    public void waitUntilClose() {
        Thread t = loop;
        if (t != null) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
