package io.berth.engine.agent.channel;

import io.berth.protocol.channel.ChannelFrame;

/** Sends frames on the channel; false when the channel is down (the session then ends). */
@FunctionalInterface
interface FrameSender {
    boolean send(ChannelFrame frame);
}
