package io.berth.controlplane.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.controlplane.eventstore.EventRows;
import io.berth.controlplane.eventstore.LogTail;
import io.quarkus.scheduler.Scheduled;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Seals log checkpoints every {@code berth.audit.seal-interval} and verifies on request. */
@ApplicationScoped
public class AuditService {

    private static final Logger LOG = Logger.getLogger(AuditService.class);

    private final LogCheckpoints checkpoints;
    private final ChainVerifier verifier;
    private final AuditConfig config;

    public AuditService(Pool pool, ObjectMapper mapper, AuditConfig config) {
        this.config = config;
        this.checkpoints = new LogCheckpoints(pool, new LogTail(new EventRows(mapper)), config.maxEventsPerCheckpoint());
        this.verifier = new ChainVerifier(pool, mapper);
    }

    @Scheduled(every = "${berth.audit.seal-interval:10s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sealPeriodically() {
        if (!config.sealEnabled()) {
            return;
        }
        try {
            long sealed = checkpoints.sealAll();
            if (sealed > 0) {
                LOG.debugf("sealed %d events into log checkpoints", sealed);
            }
        } catch (RuntimeException e) {
            LOG.warnf(e, "sealing log checkpoints failed; retrying at the next interval");
        }
    }

    /** Seals everything committed so far. Blocking. */
    public long sealNow() {
        return checkpoints.sealAll();
    }

    /** Blocking. */
    public VerifyReport verify() {
        return verifier.verify();
    }
}
