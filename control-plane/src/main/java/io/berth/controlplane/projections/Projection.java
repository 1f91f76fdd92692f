package io.berth.controlplane.projections;

import io.berth.controlplane.eventstore.StoredEvent;
import io.vertx.mutiny.sqlclient.SqlConnection;
import java.util.List;

/**
 * A read model built from the log. Every {@code Projection} bean is run by the
 * {@link ProjectionRunner}: batches of committed events in (tx_id, position) order are passed
 * to {@link #apply} inside the transaction that also moves the projection's checkpoint, so the
 * view and the checkpoint never disagree. Both methods block (they run on the projection's own
 * thread) and must write only through {@code tx}.
 */
public interface Projection {

    /** Stable name: the checkpoint is {@code projection:<name>}. */
    String name();

    /** Folds a batch of events into the view. Events it does not care about are skipped. */
    void apply(SqlConnection tx, List<StoredEvent> batch);

    /** Empties the view, for a rebuild from the start of the log. */
    void reset(SqlConnection tx);
}
