package io.berth.engine.agent.channel;

/** One log or exec session on the channel, as the channel's reader drives it. */
interface ChannelSession {

    /** Runs the session to its end on the calling thread; sends its frames and, last, End. */
    void run();

    /** Stops the session early (Cancel, or the channel went away); it then sends End if it can. */
    void cancel();

    default void input(byte[] data, boolean eof) {
        // only exec sessions take input
    }

    default void resize(int rows, int cols) {
        // only exec sessions have a terminal
    }
}
