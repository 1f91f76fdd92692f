package io.berth.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.berth.controlplane.eventstore.EventMetadata;
import io.berth.controlplane.eventstore.EventRows;
import io.berth.controlplane.eventstore.EventStore;
import io.berth.controlplane.eventstore.EventStoreConfig;
import io.berth.controlplane.eventstore.EventTypeRegistry;
import io.berth.controlplane.eventstore.ExpectedVersion;
import io.berth.controlplane.eventstore.LogTail;
import io.berth.controlplane.eventstore.Subscription;
import io.berth.controlplane.hosts.HostEvents;
import io.berth.controlplane.hosts.HostViewProjection;
import io.berth.controlplane.relay.KafkaEventPublisher;
import io.berth.controlplane.relay.RelayWorker;
import io.berth.protocol.hosts.HostBack;
import io.berth.protocol.hosts.HostCapacity;
import io.berth.protocol.hosts.HostLost;
import io.berth.protocol.hosts.HostRegistered;
import io.berth.protocol.hosts.HostVersions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.flywaydb.core.Flyway;

/**
 * The event store benchmark, against a real PostgreSQL and Kafka, with the control plane's own
 * classes (EventStore, RelayWorker, HostViewProjection) — see bench/eventstore.sh.
 */
public final class EventStoreBench {

    static final Duration WAIT = Duration.ofMinutes(5);
    static Pool pool;
    static EventStore store;
    static ObjectMapper mapper;
    static EventTypeRegistry types;
    static final EventMetadata META = new EventMetadata("bench", "system", null, null, null, null);

    public static void main(String[] args) throws Exception {
        String pgUrl = System.getProperty("bench.pg", "postgresql://127.0.0.1:5432/berth_bench");
        String user = System.getProperty("bench.user", "berth");
        String password = System.getProperty("bench.password", "berth");
        String kafka = System.getProperty("bench.kafka", "127.0.0.1:19092");
        int seconds = Integer.getInteger("bench.seconds", 10);
        int rebuildEvents = Integer.getInteger("bench.rebuild-events", 1_000_000);
        String only = System.getProperty("bench.only", "append,latency,rebuild");

        Flyway.configure().dataSource("jdbc:" + pgUrl, user, password).cleanDisabled(false)
                .locations("classpath:db/migration").load().clean();
        Flyway.configure().dataSource("jdbc:" + pgUrl, user, password)
                .locations("classpath:db/migration").load().migrate();

        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        pool = Pool.newInstance(PgBuilder.pool().with(new PoolOptions().setMaxSize(Integer.getInteger("bench.pool", 48)))
                .connectingTo(PgConnectOptions.fromUri(pgUrl).setUser(user).setPassword(password)
                        .setPipeliningLimit(256))
                .using(vertx).build());
        mapper = new ObjectMapper().findAndRegisterModules().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        types = new EventTypeRegistry(mapper, HostEvents.TYPES);
        store = new EventStore(pool, types, EventStoreConfig.of(1 << 20, 10_000), mapper);

        System.out.printf("cores: %d, java %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        if (only.contains("append")) {
            appendThroughput(seconds);
        }
        if (only.contains("latency")) {
            kafkaLatency(kafka, Math.max(20, seconds * 2));
        }
        if (only.contains("rebuild")) {
            rebuild(rebuildEvents);
        }
        vertx.close();
        System.exit(0);
    }

    // ---------------------------------------------------------------- append throughput

    static void appendThroughput(int seconds) throws Exception {
        System.out.println();
        System.out.println("| append | writers | events/append | events/s | appends/s |");
        System.out.println("| --- | --- | --- | --- | --- |");
        for (int batch : new int[] {1, 100}) {
            for (int writers : new int[] {1, 4, 16}) {
                runWriters(writers, batch, 2, false); // warm up
                long[] r = runWriters(writers, batch, seconds, true);
                System.out.printf("| %s | %d | %d | %,.0f | %,.0f |%n", batch == 1 ? "single" : "batched", writers,
                        batch, r[0] / (double) seconds, r[1] / (double) seconds);
            }
        }
    }

    /** Each writer appends to its own streams, one after another, for {@code seconds}; returns {events, appends}. */
    static long[] runWriters(int writers, int batch, int seconds, boolean measured) throws Exception {
        var events = new AtomicLong();
        var appends = new AtomicLong();
        var stop = new AtomicBoolean();
        var threads = new ArrayList<Thread>();
        for (int w = 0; w < writers; w++) {
            Thread t = new Thread(() -> {
                String hostId = "bench-" + UUID.randomUUID();
                long version = 0;
                while (!stop.get()) {
                    List<Object> records = new ArrayList<>(batch);
                    for (int i = 0; i < batch; i++) {
                        records.add((version + i) % 2 == 0 ? new HostLost(hostId, "bench") : new HostBack(hostId));
                    }
                    var result = store.appendRecords("host-" + hostId, ExpectedVersion.exactly(version), records, META)
                            .await().atMost(WAIT);
                    version = result.lastVersion();
                    if (version >= 10_000) {
                        hostId = "bench-" + UUID.randomUUID();
                        version = 0;
                    }
                    events.addAndGet(batch);
                    appends.incrementAndGet();
                }
            });
            threads.add(t);
            t.start();
        }
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        return new long[] {events.get(), appends.get()};
    }

    // ---------------------------------------------------------------- append -> Kafka latency

    static void kafkaLatency(String bootstrap, int seconds) throws Exception {
        String topic = "berth.bench.events." + UUID.randomUUID();
        Map<String, Object> kafkaConfig = Map.of("bootstrap.servers", bootstrap);
        KafkaEventPublisher.ensureTopic(kafkaConfig, topic, 6);
        // The relay starts at the current end of the log so earlier benchmarks do not count.
        String relayName = "bench-relay-" + UUID.randomUUID();
        var tail = new LogTail(new EventRows(mapper));
        var endSub = new Subscription(relayName, pool, tail, 10_000, Duration.ofMillis(10), (tx, batch) -> { });
        endSub.ensureCheckpoint();
        while (endSub.step() > 0) {
            // skip to the end
        }
        var publisher = new KafkaEventPublisher(kafkaConfig, topic, mapper);
        var relay = new RelayWorker(relayName, pool, tail, publisher, 500, Duration.ofMillis(10),
                RelayWorker.AfterPublish.NOTHING);
        relay.start();

        var latencies = new ConcurrentLinkedQueue<Long>();
        var stop = new AtomicBoolean();
        // Warm-up: the relay's first steps (JIT, producer metadata, the first checkpoint row)
        // leave a backlog for a few seconds; the target is about the steady state after it.
        int warmupSeconds = Integer.getInteger("bench.latency-warmup", 3);
        long warmupUntil = System.nanoTime() + Duration.ofSeconds(warmupSeconds).toNanos();
        Thread consumer = new Thread(() -> {
            var config = Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID(),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            try (var c = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
                c.subscribe(List.of(topic));
                while (!stop.get()) {
                    for (var record : c.poll(Duration.ofMillis(50))) {
                        long now = System.nanoTime();
                        try {
                            long sent = Long.parseLong(mapper.readTree(record.value()).get("data").get("reason").asText());
                            if (sent > warmupUntil) {
                                latencies.add(now - sent);
                            }
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }
            }
        });
        consumer.start();
        Thread.sleep(2000); // consumer joins its group

        // 1,000 events/s: one single-event append every millisecond, round robin over 1,000 streams.
        var scheduler = Executors.newScheduledThreadPool(1);
        var hosts = new String[Integer.getInteger("bench.latency-streams", 1000)];
        for (int i = 0; i < hosts.length; i++) {
            hosts[i] = "latency-" + UUID.randomUUID();
        }
        var sent = new AtomicLong();
        var failed = new AtomicLong();
        var inFlight = new AtomicLong();
        var appendLatencies = new ConcurrentLinkedQueue<Long>();
        var tick = new AtomicLong();
        int perAppend = Integer.getInteger("bench.latency-batch", 1);
        long periodMicros = 1000L * perAppend; // 1,000 events/s whatever the batch
        scheduler.scheduleAtFixedRate(() -> {
            String host = hosts[(int) (tick.getAndIncrement() % hosts.length)];
            long t0 = System.nanoTime();
            List<Object> records = new ArrayList<>(perAppend);
            for (int i = 0; i < perAppend; i++) {
                records.add(new HostLost(host, Long.toString(t0)));
            }
            inFlight.incrementAndGet();
            // Fire and forget: the offered rate stays 1,000 events/s however long one append takes.
            store.appendRecords("host-" + host, ExpectedVersion.any(), records, META).subscribe().with(
                    r -> {
                        if (t0 > warmupUntil) {
                            appendLatencies.add(System.nanoTime() - t0);
                        }
                        sent.addAndGet(perAppend);
                        inFlight.decrementAndGet();
                    },
                    f -> {
                        if (failed.incrementAndGet() == 1) {
                            System.err.println("first failed append: " + f);
                        }
                        inFlight.decrementAndGet();
                    });
        }, 0, periodMicros, TimeUnit.MICROSECONDS);
        for (int i = 0; i < seconds; i++) {
            Thread.sleep(1000L);
            System.err.printf("t=%ds appended=%d in-flight=%d consumed=%d relay-checkpoint=%s head=%d%n", i + 1,
                    sent.get(), inFlight.get(), latencies.size(), relay.subscription().checkpoint(),
                    LogTail.headPosition(pool).await().atMost(WAIT));
        }
        scheduler.shutdown();
        scheduler.awaitTermination(1, TimeUnit.MINUTES);
        while (inFlight.get() > 0) {
            Thread.sleep(10);
        }
        Thread.sleep(2000);
        stop.set(true);
        consumer.join();
        relay.stop();
        publisher.close();

        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        long[] appendSorted = appendLatencies.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.println();
        System.out.printf("append alone (call -> commit acknowledged): p50 %.1f ms, p99 %.1f ms%n",
                pct(appendSorted, 50), pct(appendSorted, 99));
        System.out.println();
        System.out.printf("append -> Kafka (relay poll 10 ms, acks=all, " + perAppend + " event(s) per append):"
                        + " %,d events appended in %d s (%.0f/s), %d failed,"
                        + " measured %,d after %d s warm-up: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                sent.get(), seconds, sent.get() / (double) seconds, failed.get(), sorted.length, warmupSeconds, pct(sorted, 50), pct(sorted, 99),
                sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6);
    }

    static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(i, sorted.length - 1))] / 1e6;
    }

    // ---------------------------------------------------------------- projection rebuild

    static void rebuild(int total) throws Exception {
        long have = pool.query("SELECT count(*) FROM events").execute().await().atMost(WAIT).iterator().next().getLong(0);
        int perHost = 100;
        long toWrite = Math.max(0, total - have);
        long started = System.nanoTime();
        var next = new AtomicLong();
        var threads = new ArrayList<Thread>();
        for (int w = 0; w < 8; w++) {
            Thread t = new Thread(() -> {
                while (next.getAndAdd(perHost) < toWrite) {
                    String hostId = "rebuild-" + UUID.randomUUID();
                    List<Object> records = new ArrayList<>(perHost);
                    records.add(new HostRegistered(hostId, "node", Map.of("zone", "z" + (hostId.hashCode() & 7)),
                            new HostCapacity(4, 8L << 30, 100L << 30), new HostVersions("0.1", "runc", "6.1", "debian")));
                    for (int i = 1; i < perHost; i++) {
                        records.add(i % 2 == 1 ? new HostLost(hostId, "missed heartbeats") : new HostBack(hostId));
                    }
                    store.appendRecords("host-" + hostId, ExpectedVersion.noStream(), records, META).await().atMost(WAIT);
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        long count = pool.query("SELECT count(*) FROM events").execute().await().atMost(WAIT).iterator().next().getLong(0);
        System.out.println();
        System.out.printf("log filled to %,d events (%,d appended in %.1f s)%n", count, toWrite,
                (System.nanoTime() - started) / 1e9);

        var projection = new HostViewProjection(types, mapper);
        var subscription = new Subscription("projection:" + projection.name(), pool, new LogTail(new EventRows(mapper)),
                Integer.getInteger("bench.rebuild-batch", 5000), Duration.ofMillis(10), projection::apply);
        subscription.reset(projection::reset);
        long t0 = System.nanoTime();
        long handled = 0;
        int n;
        while ((n = subscription.step()) > 0) {
            handled += n;
        }
        double secondsTaken = (System.nanoTime() - t0) / 1e9;
        long views = pool.query("SELECT count(*) FROM host_view").execute().await().atMost(WAIT).iterator().next().getLong(0);
        System.out.printf("rebuild of the hosts projection: %,d events in %.1f s = %,.0f events/s (%,d host views)%n",
                handled, secondsTaken, handled / secondsTaken, views);
    }

    private EventStoreBench() {
    }

}
