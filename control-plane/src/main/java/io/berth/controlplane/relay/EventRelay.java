package io.berth.controlplane.relay;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.controlplane.eventstore.AppendSignals;
import io.berth.controlplane.eventstore.EventRows;
import io.berth.controlplane.eventstore.FollowerPacing;
import io.berth.controlplane.eventstore.LogTail;
import io.berth.controlplane.eventstore.Subscription;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/** Runs the {@link RelayWorker} in this process when {@code berth.relay.enabled}. */
@ApplicationScoped
public class EventRelay {

    private static final Logger LOG = Logger.getLogger(EventRelay.class);

    private final RelayConfig config;
    private final Pool pool;
    private final ObjectMapper mapper;
    private final Map<String, Object> kafkaConfig;
    private RelayWorker worker;
    private KafkaEventPublisher publisher;

    private final AppendSignals signals;

    public EventRelay(RelayConfig config, Pool pool, ObjectMapper mapper,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, AppendSignals signals) {
        this.signals = signals;
        this.config = config;
        this.pool = pool;
        this.mapper = mapper;
        this.kafkaConfig = kafkaConfig;
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.enabled()) {
            LOG.info("event relay disabled (berth.relay.enabled=false)");
            return;
        }
        try {
            KafkaEventPublisher.ensureTopic(kafkaConfig, config.topic(), config.partitions());
        } catch (Exception e) {
            LOG.warnf("could not create topic %s (the relay retries publishing): %s", config.topic(), e.getMessage());
        }
        publisher = new KafkaEventPublisher(kafkaConfig, config.topic(), mapper);
        worker = new RelayWorker(config.name(), pool, new LogTail(new EventRows(mapper)), publisher,
                config.batchSize(), new FollowerPacing(signals, config.pollInterval(), config.idlePollInterval()),
                RelayWorker.AfterPublish.NOTHING);
        worker.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        if (worker != null) {
            worker.stop();
        }
        if (publisher != null) {
            publisher.close();
        }
    }

    /** The running subscription, when this process relays. */
    public Optional<Subscription> subscription() {
        return Optional.ofNullable(worker).map(RelayWorker::subscription);
    }
}
