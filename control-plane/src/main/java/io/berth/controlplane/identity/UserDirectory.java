package io.berth.controlplane.identity;

import io.berth.controlplane.api.NotFound;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Queries over the identity tables: users and their tokens, never a credential. */
@ApplicationScoped
public class UserDirectory {

    public record UserSummary(String username, String role, boolean disabled, Instant createdAt) {
    }

    /** A token as listed: no secret, only what identifies it and whether it still works. */
    public record TokenSummary(String tokenId, String name, Instant issuedAt, Instant expiresAt, Instant revokedAt) {
    }

    private final Pool pool;

    public UserDirectory(Pool pool) {
        this.pool = pool;
    }

    public Uni<List<UserSummary>> users() {
        return pool.query("SELECT username, role, disabled, created_at FROM users ORDER BY username").execute()
                .map(UserDirectory::users);
    }

    public Uni<UserSummary> user(String username) {
        return pool.preparedQuery("SELECT username, role, disabled, created_at FROM users WHERE username = $1")
                .execute(Tuple.of(username)).map(rows -> {
                    var users = users(rows);
                    if (users.isEmpty()) {
                        throw new NotFound("no user " + username);
                    }
                    return users.get(0);
                });
    }

    public Uni<Boolean> anyUser() {
        return pool.query("SELECT EXISTS (SELECT 1 FROM users)").execute()
                .map(rows -> rows.iterator().next().getBoolean(0));
    }

    public Uni<List<TokenSummary>> tokens(String username) {
        return user(username).flatMap(user -> pool.preparedQuery("SELECT token_id, name, issued_at, expires_at,"
                        + " revoked_at FROM api_tokens WHERE username = $1 ORDER BY issued_at, token_id")
                .execute(Tuple.of(username))).map(rows -> {
                    var tokens = new ArrayList<TokenSummary>();
                    for (Row row : rows) {
                        tokens.add(new TokenSummary(row.getString(0), row.getString(1), instant(row, 2),
                                instant(row, 3), instant(row, 4)));
                    }
                    return tokens;
                });
    }

    private static List<UserSummary> users(RowSet<Row> rows) {
        var users = new ArrayList<UserSummary>();
        for (Row row : rows) {
            users.add(new UserSummary(row.getString(0), row.getString(1), row.getBoolean(2), instant(row, 3)));
        }
        return users;
    }

    private static Instant instant(Row row, int column) {
        var value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }
}
