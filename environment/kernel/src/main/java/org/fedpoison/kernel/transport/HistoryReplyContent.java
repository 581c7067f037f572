package org.fedpoison.kernel.transport;

import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;
import org.dflib.jjava.jupyter.messages.ContentType;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.ReplyType;
import org.dflib.jjava.jupyter.messages.reply.HistoryReply;
import org.dflib.jjava.jupyter.messages.request.HistoryRequest;

import java.util.ArrayList;
import java.util.List;

/**
 * A history_reply with the {@code "status": "ok"} the protocol requires; each entry is
 * {@code [session, line, input]}, or {@code [session, line, [input, output]]} when output was asked for.
 */
public final class HistoryReplyContent implements ContentType<HistoryReply>, ReplyType<HistoryRequest> {

    @SuppressWarnings("unused") // serialized by Gson
    private final String status = "ok";
    private final List<List<Object>> history;

    public HistoryReplyContent(List<HistoryEntry> entries, boolean withOutput) {
        List<List<Object>> h = new ArrayList<>();
        for (HistoryEntry e : entries) {
            Object io = withOutput ? java.util.Arrays.asList(e.getInput(), e.getOutput()) : e.getInput();
            h.add(List.of(e.getSession(), e.getCellNumber(), io));
        }
        this.history = h;
    }

    @Override
    public MessageType<HistoryReply> getType() {
        return HistoryReply.MESSAGE_TYPE;
    }

    @Override
    public MessageType<HistoryRequest> getRequestType() {
        return HistoryRequest.MESSAGE_TYPE;
    }
}
