package io.berth.controlplane.eventstore;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The heads (version and hash) of streams as this process's own committed appends left them, so
 * that the next append to such a stream — a host's reports after the run that created the
 * container, a removal after those — can go straight to its INSERT instead of reading the heads
 * first. Only a guess: another replica may have appended since, and then the INSERT hits
 * {@code UNIQUE(stream_id, stream_version)} (or an applied command id hits its primary key), the
 * guess is forgotten and the append is made again the careful way. A guess can be behind the
 * log, never ahead of it: only appends that committed are remembered. The least recently used
 * streams are forgotten beyond {@code capacity}.
 */
final class StreamHeads {

    /** A stream's last version and the hash of its last event. */
    record Head(long version, byte[] hash) {
    }

    private final Map<String, Head> heads;

    StreamHeads(int capacity) {
        this.heads = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Head> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized Head get(String streamId) {
        return heads.get(streamId);
    }

    /** After a committed append (or a read of the heads): the stream is at {@code version} now. */
    synchronized void committed(String streamId, long version, byte[] hash) {
        Head known = heads.get(streamId);
        if (version > 0 && (known == null || known.version() < version)) {
            heads.put(streamId, new Head(version, hash));
        }
    }

    synchronized void forget(String streamId) {
        heads.remove(streamId);
    }
}
