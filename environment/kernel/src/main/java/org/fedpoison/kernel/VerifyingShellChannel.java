package org.fedpoison.kernel;

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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
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
final class VerifyingShellChannel extends ShellChannel {

    private static final Logger LOG = LoggerFactory.getLogger(VerifyingShellChannel.class);
    private static final int POLL_MS = 100;
    private static final Type JSON_MAP = new TypeToken<Map<String, Object>>() { }.getType();

    private final String label;
    private final JupyterConnection connection;
    private final SignedFrames verifier;
    private volatile boolean running;
    private Thread loop;

    VerifyingShellChannel(ZMQ.Context ctx, KernelConnectionProperties props, boolean control,
                          JupyterConnection connection) throws Exception {
        super(ctx, props.createHMACGenerator(), control, connection);
        this.label = control ? "control" : "shell";
        this.connection = connection;
        this.verifier = new SignedFrames(props.getSignatureScheme(), props.getKey());
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
        try {
            while (running) {
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

    /** Reads one whole multipart message; returns null (after logging) when it must be dropped. */
    private synchronized Message<?> receive() {
        List<byte[]> frames = new ArrayList<>();
        do {
            byte[] frame = recv(ZMQ.DONTWAIT);
            if (frame == null) {
                break;
            }
            frames.add(frame);
        } while (hasReceiveMore());
        try {
            return parse(verifier.verify(frames));
        } catch (SignedFrames.Rejected e) {
            LOG.warn("dropped a message on the {} channel: {}", label, e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("dropped a malformed message on the {} channel: {}", label, e.toString());
        }
        return null;
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
