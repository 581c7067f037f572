package org.fedpoison.kernel.transport;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import org.dflib.jjava.jupyter.kernel.ExpressionValue;
import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;
import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.KernelTimestamp;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.ReplyType;
import org.dflib.jjava.jupyter.messages.adapters.ExpressionValueAdapter;
import org.dflib.jjava.jupyter.messages.adapters.HeaderAdapter;
import org.dflib.jjava.jupyter.messages.adapters.HistoryEntryAdapter;
import org.dflib.jjava.jupyter.messages.adapters.HistoryRequestAdapter;
import org.dflib.jjava.jupyter.messages.adapters.KernelTimestampAdapter;
import org.dflib.jjava.jupyter.messages.adapters.MessageTypeAdapter;
import org.dflib.jjava.jupyter.messages.adapters.PublishStatusAdapter;
import org.dflib.jjava.jupyter.messages.adapters.ReplyTypeAdapter;
import org.dflib.jjava.jupyter.messages.publish.PublishStatus;
import org.dflib.jjava.jupyter.messages.request.HistoryRequest;
import org.zeromq.ZMQ;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Jupyter wire messages as frames: JSON in jjava-jupyter's own serialization, signed with the connection's
 * key, so frames can be built ahead of the moment they are sent.
 *
 * <p>Frames: {@code [identities..., "<IDS|MSG>", hmac(header, parent, metadata, content), header, parent,
 * metadata, content, buffers...]}.
 */
final class WireFrames {

    /** jjava-jupyter's serialization of messages, with the same type adapters. */
    static final Gson GSON;

    static {
        Gson replyGson = new GsonBuilder()
                .registerTypeAdapter(HistoryEntry.class, HistoryEntryAdapter.INSTANCE)
                .registerTypeAdapter(ExpressionValue.class, ExpressionValueAdapter.INSTANCE)
                .create();
        GSON = new GsonBuilder()
                .registerTypeAdapter(KernelTimestamp.class, KernelTimestampAdapter.INSTANCE)
                .registerTypeAdapter(Header.class, HeaderAdapter.INSTANCE)
                .registerTypeAdapter(MessageType.class, MessageTypeAdapter.INSTANCE)
                .registerTypeAdapter(PublishStatus.class, PublishStatusAdapter.INSTANCE)
                .registerTypeAdapter(HistoryRequest.class, HistoryRequestAdapter.INSTANCE)
                .registerTypeHierarchyAdapter(ReplyType.class, new ReplyTypeAdapter(replyGson))
                .create();
    }

    private static final byte[] EMPTY = "{}".getBytes(StandardCharsets.UTF_8);

    private final SignedFrames signer;

    WireFrames(SignedFrames signer) {
        this.signer = signer;
    }

    /** The frames of {@code message}, signed. */
    List<byte[]> encode(Message<?> message) {
        byte[] header = json(message.getHeader());
        byte[] parent = message.hasParentHeader() ? json(message.getParentHeader()) : EMPTY;
        byte[] metadata = message.hasMetadata() ? json(message.getMetadata()) : EMPTY;
        byte[] content = json(message.getContent());
        List<byte[]> frames = new ArrayList<>(message.getIdentities());
        frames.add(SignedFrames.DELIMITER);
        frames.add(signer.sign(header, parent, metadata, content).getBytes(StandardCharsets.US_ASCII));
        frames.add(header);
        frames.add(parent);
        frames.add(metadata);
        frames.add(content);
        if (message.getBlobs() != null) {
            frames.addAll(message.getBlobs());
        }
        return frames;
    }

    private static byte[] json(Object o) {
        return GSON.toJson(o).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Sends already encoded frames as one multipart message, holding the socket's lock (the one jjava-jupyter's
     * {@code sendMessage} holds), so it never interleaves with another message on the same socket.
     */
    static void send(ZMQ.Socket socket, List<byte[]> frames) {
        synchronized (socket) {
            for (int i = 0; i < frames.size(); i++) {
                socket.send(frames.get(i), i < frames.size() - 1 ? ZMQ.SNDMORE : 0);
            }
        }
    }
}
