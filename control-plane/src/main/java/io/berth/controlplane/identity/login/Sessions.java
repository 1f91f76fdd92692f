package io.berth.controlplane.identity.login;

import io.berth.controlplane.identity.IdentityConfig;
import io.berth.controlplane.identity.Secrets;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Dashboard sessions. The cookie carries a random session id; the table holds its SHA-256, the
 * user, the session's CSRF token and the expiry. A disabled user's sessions are deleted with the
 * event that disables them, and a lookup also checks the user, so nothing lags.
 */
@ApplicationScoped
public class Sessions {

    public static final String COOKIE = "berth_session";

    /** A session as opened: {@link #sessionId()} goes into the cookie and is stored only hashed. */
    public record Opened(String sessionId, String csrfToken, OffsetDateTime expiresAt) {
    }

    /** A live session: who it belongs to, their current role, and the CSRF token it expects. */
    public record Live(String username, String role, String csrfToken) {
    }

    private final Pool pool;
    private final IdentityConfig config;

    public Sessions(Pool pool, IdentityConfig config) {
        this.pool = pool;
        this.config = config;
    }

    public Uni<Opened> open(String username) {
        String id = Secrets.random(32);
        String csrf = Secrets.random(32);
        OffsetDateTime expires = OffsetDateTime.now(ZoneOffset.UTC).plus(config.sessionTtl());
        return pool.preparedQuery("INSERT INTO sessions (session_sha256, username, csrf_token, expires_at)"
                        + " VALUES ($1, $2, $3, $4)")
                .execute(Tuple.of(Buffer.buffer(Secrets.sha256(id)), username, csrf, expires))
                .replaceWith(new Opened(id, csrf, expires));
    }

    public Uni<Optional<Live>> find(String sessionId) {
        return pool.preparedQuery("SELECT u.username, u.role, s.csrf_token FROM sessions s"
                        + " JOIN users u ON u.username = s.username"
                        + " WHERE s.session_sha256 = $1 AND s.expires_at > now() AND NOT u.disabled")
                .execute(Tuple.of(Buffer.buffer(Secrets.sha256(sessionId))))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.empty();
                    }
                    Row row = rows.iterator().next();
                    return Optional.of(new Live(row.getString(0), row.getString(1), row.getString(2)));
                });
    }

    public Uni<Void> close(String sessionId) {
        return pool.preparedQuery("DELETE FROM sessions WHERE session_sha256 = $1")
                .execute(Tuple.of(Buffer.buffer(Secrets.sha256(sessionId)))).replaceWithVoid();
    }

    /** Forgets expired sessions, so the table holds only live ones. */
    public Uni<Void> purgeExpired() {
        return pool.query("DELETE FROM sessions WHERE expires_at <= now()").execute().replaceWithVoid();
    }
}
