package io.berth.protocol.channel;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.berth.protocol.agent.AgentCodec;
import io.berth.protocol.agent.UnreadableMessageException;

/** Text encoding of {@link ChannelFrame}s. */
public final class ChannelCodec {

    private ChannelCodec() {
    }

    public static String encode(ChannelFrame frame) {
        try {
            return AgentCodec.json().writeValueAsString(frame);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode " + frame, e);
        }
    }

    public static ChannelFrame decode(String text) {
        try {
            return AgentCodec.json().readValue(text, ChannelFrame.class);
        } catch (JsonProcessingException e) {
            throw new UnreadableMessageException("not a channel frame: " + e.getOriginalMessage(), e);
        }
    }
}
