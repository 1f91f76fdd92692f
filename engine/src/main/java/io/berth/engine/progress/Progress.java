package io.berth.engine.progress;

/**
 * How far one long piece of work (an import, a commit) has come.
 *
 * @param phase      what it is doing now ({@code receiving}, {@code verifying layers}, {@code diffing}, …)
 * @param bytesDone  bytes handled so far in this phase
 * @param bytesTotal bytes this phase will handle, or -1 when not known in advance
 * @param itemsDone  items (blobs, layers, files) done so far in this phase
 * @param itemsTotal items this phase will handle, or -1 when not known in advance
 */
public record Progress(String phase, long bytesDone, long bytesTotal, int itemsDone, int itemsTotal) {

    public static final long UNKNOWN = -1;
}
