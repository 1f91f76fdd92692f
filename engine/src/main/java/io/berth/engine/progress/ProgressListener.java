package io.berth.engine.progress;

/**
 * Told how long work advances. Called on the working thread, possibly for every buffer it
 * reads, so it must be cheap; whoever reports it further throttles (the agent's
 * {@code ThrottledProgress}).
 */
@FunctionalInterface
public interface ProgressListener {

    ProgressListener NONE = progress -> { };

    void progressed(Progress progress);
}
