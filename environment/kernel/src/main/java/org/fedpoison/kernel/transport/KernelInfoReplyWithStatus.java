package org.fedpoison.kernel.transport;

import org.dflib.jjava.jupyter.kernel.HelpLink;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.messages.reply.KernelInfoReply;

import java.util.List;

/**
 * jjava-jupyter's kernel_info_reply plus the {@code "status": "ok"} field that the message schema
 * (protocol 5.x) requires of every reply.
 */
public final class KernelInfoReplyWithStatus extends KernelInfoReply {

    @SuppressWarnings("unused") // serialized by Gson
    private final String status = "ok";

    public KernelInfoReplyWithStatus(String protocolVersion, String implementation, String implementationVersion,
                              LanguageInfo languageInfo, String banner, List<HelpLink> helpLinks) {
        super(protocolVersion, implementation, implementationVersion, languageInfo, banner, helpLinks);
    }
}
