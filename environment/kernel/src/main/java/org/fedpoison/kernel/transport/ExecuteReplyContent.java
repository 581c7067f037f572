package org.fedpoison.kernel.transport;

import com.google.gson.annotations.SerializedName;
import org.dflib.jjava.jupyter.messages.ContentType;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.ReplyType;
import org.dflib.jjava.jupyter.messages.reply.ExecuteReply;
import org.dflib.jjava.jupyter.messages.request.ExecuteRequest;

import java.util.Map;

/**
 * A successful execute_reply whose {@code user_expressions} follow the protocol: each value is
 * {@code {"status": "ok", "data": {...}, "metadata": {}}} or {@code {"status": "error", "ename", "evalue",
 * "traceback"}} (jjava-jupyter's own leaves out the status).
 */
public final class ExecuteReplyContent implements ContentType<ExecuteReply>, ReplyType<ExecuteRequest> {

    @SuppressWarnings("unused") // serialized by Gson
    private final String status = "ok";
    @SerializedName("execution_count")
    private final int executionCount;
    @SerializedName("user_expressions")
    private final Map<String, Map<String, Object>> userExpressions;

    public ExecuteReplyContent(int executionCount, Map<String, Map<String, Object>> userExpressions) {
        this.executionCount = executionCount;
        this.userExpressions = Map.copyOf(userExpressions);
    }

    @Override
    public MessageType<ExecuteReply> getType() {
        return ExecuteReply.MESSAGE_TYPE;
    }

    @Override
    public MessageType<ExecuteRequest> getRequestType() {
        return ExecuteRequest.MESSAGE_TYPE;
    }
}
