package io.berth.controlplane.identity;

import io.berth.controlplane.identity.IdentityEvents.PasswordSet;
import io.berth.controlplane.identity.IdentityEvents.RoleChanged;
import io.berth.controlplane.identity.IdentityEvents.TokenIssued;
import io.berth.controlplane.identity.IdentityEvents.TokenRevoked;
import io.berth.controlplane.identity.IdentityEvents.UserCreated;
import io.berth.controlplane.identity.IdentityEvents.UserDisabled;
import io.berth.controlplane.identity.IdentityEvents.UserEnabled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Writes the {@code users} and {@code api_tokens} rows a batch of user events implies, in the
 * transaction that appends them. The credentials that the events leave out come alongside.
 */
final class IdentityTables {

    /** The secrets belonging to a command's events: a new password hash, a new token's secret hash. */
    record Credentials(String passwordHash, byte[] tokenSecretSha256) {
        static final Credentials NONE = new Credentials(null, null);
    }

    private IdentityTables() {
    }

    static Uni<Void> apply(SqlConnection tx, List<Object> events, long lastVersion, Credentials credentials) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Object event : events) {
            chain = chain.chain(() -> write(tx, event, credentials));
        }
        String username = username(events.get(0));
        return chain.chain(() -> tx.preparedQuery("UPDATE users SET stream_version = $2 WHERE username = $1")
                .execute(Tuple.of(username, lastVersion)).replaceWithVoid());
    }

    private static Uni<Void> write(SqlConnection tx, Object event, Credentials credentials) {
        if (event instanceof UserCreated e) {
            return run(tx, "INSERT INTO users (username, role, stream_version) VALUES ($1, $2, 0)",
                    Tuple.of(e.username(), e.role()));
        }
        if (event instanceof PasswordSet e) {
            return run(tx, "UPDATE users SET password_hash = $2 WHERE username = $1",
                    Tuple.of(e.username(), credentials.passwordHash()))
                    // a new password ends the sessions opened with the old one
                    .chain(() -> run(tx, "DELETE FROM sessions WHERE username = $1", Tuple.of(e.username())));
        }
        if (event instanceof RoleChanged e) {
            return run(tx, "UPDATE users SET role = $2 WHERE username = $1", Tuple.of(e.username(), e.to()));
        }
        if (event instanceof UserDisabled e) {
            return run(tx, "UPDATE users SET disabled = true WHERE username = $1", Tuple.of(e.username()))
                    .chain(() -> run(tx, "DELETE FROM sessions WHERE username = $1", Tuple.of(e.username())));
        }
        if (event instanceof UserEnabled e) {
            return run(tx, "UPDATE users SET disabled = false WHERE username = $1", Tuple.of(e.username()));
        }
        if (event instanceof TokenIssued e) {
            return run(tx, "INSERT INTO api_tokens (token_id, username, name, secret_sha256, issued_at, expires_at)"
                    + " VALUES ($1, $2, $3, $4, now(), $5)", Tuple.of(e.tokenId(), e.username(), e.name(),
                            Buffer.buffer(credentials.tokenSecretSha256()), utc(e.expiresAt())));
        }
        if (event instanceof TokenRevoked e) {
            return run(tx, "UPDATE api_tokens SET revoked_at = now() WHERE token_id = $1 AND revoked_at IS NULL",
                    Tuple.of(e.tokenId()));
        }
        return Uni.createFrom().voidItem();
    }

    private static String username(Object event) {
        if (event instanceof UserCreated e) {
            return e.username();
        }
        if (event instanceof PasswordSet e) {
            return e.username();
        }
        if (event instanceof RoleChanged e) {
            return e.username();
        }
        if (event instanceof UserDisabled e) {
            return e.username();
        }
        if (event instanceof UserEnabled e) {
            return e.username();
        }
        if (event instanceof TokenIssued e) {
            return e.username();
        }
        if (event instanceof TokenRevoked e) {
            return e.username();
        }
        throw new IllegalArgumentException("not a user event: " + event);
    }

    private static Uni<Void> run(SqlConnection tx, String sql, Tuple args) {
        return tx.preparedQuery(sql).execute(args).replaceWithVoid();
    }

    static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
