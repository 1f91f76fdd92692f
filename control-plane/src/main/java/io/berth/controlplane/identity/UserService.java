package io.berth.controlplane.identity;

import io.berth.controlplane.api.InvalidCommand;
import io.berth.controlplane.eventstore.AppendConflict;
import io.berth.controlplane.eventstore.EventMetadata;
import io.berth.controlplane.eventstore.EventStore;
import io.berth.controlplane.eventstore.ExpectedVersion;
import io.berth.controlplane.identity.IdentityTables.Credentials;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * User and token commands. Each loads the user's stream, lets {@link User} decide, then appends
 * the events and writes the identity tables in one transaction: once a command returns, every
 * authentication check sees its effect (a revoked token is refused by the very next request).
 */
@ApplicationScoped
public class UserService {

    private static final int CONFLICT_RETRIES = 3;

    /** A token as issued: {@link #token()} is shown this once and never stored. */
    public record IssuedToken(String tokenId, String username, String name, Instant expiresAt, String token) {
    }

    private final EventStore store;
    private final Pool pool;
    private final IdentityConfig config;

    public UserService(EventStore store, Pool pool, IdentityConfig config) {
        this.store = store;
        this.pool = pool;
        this.config = config;
    }

    public Uni<Void> create(String username, String role, String password, EventMetadata metadata) {
        Usernames.require(username);
        var hash = Passwords.hash(Passwords.requireAcceptable(password));
        return handle(username, new UserCommand.Create(role), new Credentials(hash, null), metadata).replaceWithVoid();
    }

    public Uni<Void> setPassword(String username, String password, EventMetadata metadata) {
        var hash = Passwords.hash(Passwords.requireAcceptable(password));
        return handle(username, new UserCommand.SetPassword(), new Credentials(hash, null), metadata)
                .replaceWithVoid();
    }

    public Uni<Void> changeRole(String username, String role, EventMetadata metadata) {
        return handle(username, new UserCommand.ChangeRole(role), Credentials.NONE, metadata).replaceWithVoid();
    }

    public Uni<Void> disable(String username, EventMetadata metadata) {
        return handle(username, new UserCommand.Disable(), Credentials.NONE, metadata).replaceWithVoid();
    }

    public Uni<Void> enable(String username, EventMetadata metadata) {
        return handle(username, new UserCommand.Enable(), Credentials.NONE, metadata).replaceWithVoid();
    }

    /** Issues a token expiring after {@code ttl} (the configured default when null). */
    public Uni<IssuedToken> issueToken(String username, String name, Duration ttl, EventMetadata metadata) {
        Duration lifetime = ttl == null ? config.tokenTtl() : ttl;
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(config.tokenMaxTtl()) > 0) {
            throw new InvalidCommand("a token lives more than 0 seconds and at most " + config.tokenMaxTtl());
        }
        String label = name == null || name.isBlank() ? "token" : name.strip();
        if (label.length() > 100) {
            throw new InvalidCommand("a token name has at most 100 characters");
        }
        var token = ApiTokenFormat.generate();
        Instant expiresAt = Instant.now().plus(lifetime).truncatedTo(ChronoUnit.SECONDS);
        return handle(username, new UserCommand.IssueToken(token.tokenId(), label, expiresAt),
                new Credentials(null, Secrets.sha256(token.secret())), metadata)
                .replaceWith(new IssuedToken(token.tokenId(), username, label, expiresAt, token.token()));
    }

    public Uni<Void> revokeToken(String username, String tokenId, EventMetadata metadata) {
        return handle(username, new UserCommand.RevokeToken(tokenId), Credentials.NONE, metadata).replaceWithVoid();
    }

    private Uni<List<Object>> handle(String username, UserCommand command, Credentials credentials,
            EventMetadata metadata) {
        return Uni.createFrom().deferred(() -> attempt(Usernames.require(username), command, credentials, metadata,
                CONFLICT_RETRIES));
    }

    private Uni<List<Object>> attempt(String username, UserCommand command, Credentials credentials,
            EventMetadata metadata, int retries) {
        String stream = IdentityEvents.userStream(username);
        return store.readStream(stream).flatMap(history -> {
            User user = User.replay(username, history.stream().map(store.types()::decode).toList());
            List<Object> events = user.decide(command);
            if (events.isEmpty()) {
                return Uni.createFrom().item(events);
            }
            ExpectedVersion expected = user.exists() ? ExpectedVersion.exactly(user.version())
                    : ExpectedVersion.noStream();
            return pool.withTransaction(tx -> store.appendRecordsIn(tx, stream, expected, events,
                            metadata.withCommandId(null))
                    .flatMap(appended -> IdentityTables.apply(tx, events, appended.lastVersion(), credentials)))
                    .replaceWith(events);
        }).onFailure(AppendConflict.class).recoverWithUni(conflict -> retries > 0
                ? attempt(username, command, credentials, metadata, retries - 1)
                : Uni.createFrom().failure(conflict));
    }
}
