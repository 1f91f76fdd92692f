package io.berth.controlplane.relay;

import io.berth.controlplane.eventstore.FollowerPacing;
import io.berth.controlplane.eventstore.LogTail;
import io.berth.controlplane.eventstore.Subscription;
import io.vertx.mutiny.sqlclient.Pool;
import java.time.Duration;

/**
 * The outbox relay: a {@link Subscription} whose handler publishes each batch to Kafka before
 * the checkpoint moves in the same transaction. Only committed events are read (the tail reads
 * below the xmin horizon), so nothing uncommitted is published; a crash after publishing and
 * before the checkpoint commits publishes that batch again on restart (at least once).
 */
public class RelayWorker {

    /** Called after Kafka acknowledged a batch and before the checkpoint commits. */
    @FunctionalInterface
    public interface AfterPublish {
        void published(int events) throws Exception;

        AfterPublish NOTHING = events -> { };
    }

    private final Subscription subscription;

    public RelayWorker(String name, Pool pool, LogTail tail, KafkaEventPublisher publisher, int batchSize,
            Duration pollInterval, AfterPublish afterPublish) {
        this.subscription = new Subscription(name, pool, tail, batchSize, pollInterval, publishing(publisher, afterPublish));
    }

    /** A relay paced by this process's appends ({@link FollowerPacing}) rather than a fixed poll. */
    public RelayWorker(String name, Pool pool, LogTail tail, KafkaEventPublisher publisher, int batchSize,
            FollowerPacing pacing, AfterPublish afterPublish) {
        this.subscription = new Subscription(name, pool, tail, batchSize, Duration.ZERO, pacing,
                publishing(publisher, afterPublish));
    }

    /** Each batch to Kafka, then {@code afterPublish}; the checkpoint commits after both. */
    private static Subscription.Handler publishing(KafkaEventPublisher publisher, AfterPublish afterPublish) {
        return (tx, batch) -> {
            publisher.publish(batch);
            afterPublish.published(batch.size());
        };
    }

    public Subscription subscription() {
        return subscription;
    }

    public void start() {
        subscription.start();
    }

    public void stop() {
        subscription.stop();
    }
}
