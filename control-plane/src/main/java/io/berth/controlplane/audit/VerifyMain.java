package io.berth.controlplane.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;

/**
 * {@code verify} from the command line, straight against the database (the control plane need
 * not run): prints the {@link VerifyReport} as JSON, exits 0 when the log verifies, 1 when it
 * does not, 2 when it could not check. Connection from {@code BERTH_DB_URL}
 * (postgresql://host:port/db), {@code BERTH_DB_USER}, {@code BERTH_DB_PASSWORD}.
 */
public final class VerifyMain {

    private VerifyMain() {
    }

    public static void main(String[] args) {
        String url = env("BERTH_DB_URL", "postgresql://127.0.0.1:5432/berth");
        Vertx vertx = Vertx.vertx();
        int exit;
        try {
            var connect = PgConnectOptions.fromUri(url).setUser(env("BERTH_DB_USER", "berth"))
                    .setPassword(env("BERTH_DB_PASSWORD", "berth"));
            var pool = io.vertx.mutiny.sqlclient.Pool.newInstance(
                    PgBuilder.pool().with(new PoolOptions().setMaxSize(1)).connectingTo(connect).using(vertx).build());
            ObjectMapper mapper = new ObjectMapper().findAndRegisterModules()
                    .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                    .enable(SerializationFeature.INDENT_OUTPUT);
            VerifyReport report = new ChainVerifier(pool, mapper).verify();
            System.out.println(mapper.writeValueAsString(report));
            exit = report.ok() ? 0 : 1;
        } catch (Exception e) {
            System.err.println("verify: could not check " + url + ": " + e.getMessage());
            exit = 2;
        }
        vertx.close();
        System.exit(exit);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
