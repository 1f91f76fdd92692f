package io.berth.controlplane.relay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.berth.controlplane.eventstore.EventRows;
import io.berth.controlplane.eventstore.LogTail;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import java.time.Duration;
import java.util.Map;

/**
 * A relay in its own JVM, for the crash test: {@code <pg-url> <user> <password> <bootstrap>
 * <name> <topic> <batch-size> <mode>}. Mode {@code stall-after-publish} prints
 * {@code PUBLISHED n} once Kafka acknowledged the first batch and then blocks inside the
 * relay's transaction, before the checkpoint commits — where the test kills it with SIGKILL.
 * Mode {@code run} relays until killed.
 */
public final class RelayChildProcess {

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String user = args[1];
        String password = args[2];
        String bootstrap = args[3];
        String name = args[4];
        String topic = args[5];
        int batchSize = Integer.parseInt(args[6]);
        boolean stall = "stall-after-publish".equals(args[7]);

        Vertx vertx = Vertx.vertx();
        var connect = PgConnectOptions.fromUri(url).setUser(user).setPassword(password);
        var pool = io.vertx.mutiny.sqlclient.Pool.newInstance(
                PgBuilder.pool().with(new PoolOptions().setMaxSize(2)).connectingTo(connect).using(vertx).build());
        ObjectMapper mapper = new ObjectMapper().findAndRegisterModules()
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        var publisher = new KafkaEventPublisher(Map.of("bootstrap.servers", bootstrap), topic, mapper);
        RelayWorker.AfterPublish afterPublish = stall
                ? events -> {
                    System.out.println("PUBLISHED " + events);
                    System.out.flush();
                    Thread.sleep(Long.MAX_VALUE);
                }
                : RelayWorker.AfterPublish.NOTHING;
        new RelayWorker(name, pool, new LogTail(new EventRows(mapper)), publisher, batchSize, Duration.ofMillis(10),
                afterPublish).start();
        System.out.println("STARTED");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
