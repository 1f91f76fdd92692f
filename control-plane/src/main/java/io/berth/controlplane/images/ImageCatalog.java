package io.berth.controlplane.images;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Which hosts hold an image, by name or id, from {@code image_view}. */
@ApplicationScoped
public class ImageCatalog {

    private final Pool pool;

    public ImageCatalog(Pool pool) {
        this.pool = pool;
    }

    /** Host id → image id for every host that holds {@code image}; empty when none does. */
    public Map<String, String> hostsWith(String image) {
        return findHostsWith(image).await().atMost(Duration.ofSeconds(30));
    }

    /** As {@link #hostsWith}, without blocking: to read it alongside the other reads of a run. */
    public Uni<Map<String, String>> findHostsWith(String image) {
        String sql;
        Tuple args;
        if (ImageReferences.isImageId(image)) {
            sql = "SELECT host_id, image_id FROM image_view WHERE image_id LIKE $1 || '%' ORDER BY host_id";
            args = Tuple.of(ImageReferences.idPrefix(image));
        } else {
            sql = "SELECT host_id, image_id FROM image_view WHERE $1 = ANY(refs) ORDER BY host_id";
            args = Tuple.of(ImageReferences.normalize(image));
        }
        return pool.preparedQuery(sql).execute(args).map(rows -> {
            var found = new LinkedHashMap<String, String>();
            for (Row row : rows) {
                found.putIfAbsent(row.getString(0), row.getString(1));
            }
            return found;
        });
    }
}
