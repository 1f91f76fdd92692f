package io.berth.engine.content;

import java.time.Instant;

/** What the store knows about one committed blob. */
public record ContentInfo(Digest digest, long size, Instant committedAt) {
}
