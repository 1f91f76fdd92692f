package io.berth.controlplane.enrollment;

import io.berth.controlplane.agents.AgentsConfig;
import io.berth.controlplane.api.InvalidCommand;
import io.berth.controlplane.eventstore.AppendConflict;
import io.berth.controlplane.eventstore.EventMetadata;
import io.berth.controlplane.eventstore.EventStore;
import io.berth.controlplane.eventstore.ExpectedVersion;
import io.berth.controlplane.eventstore.StoredEvent;
import io.berth.protocol.agent.HostCredential;
import io.berth.protocol.enrollment.EnrollmentEvents.EnrollmentTokenIssued;
import io.berth.protocol.enrollment.EnrollmentEvents.EnrollmentTokenUsed;
import io.berth.protocol.enrollment.EnrollmentEvents.HostCredentialIssued;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Issues one-time enrollment tokens and spends them to give a host its credential.
 *
 * <p>A token reads {@code <tokenId>.<secret>}; its stream keeps only the SHA-256 of the whole.
 * Spending it appends the host's next {@link HostCredentialIssued} with command id
 * {@code enrollment-token:<tokenId>}: command ids are unique across the log, so of two uses of
 * one token (a replay, or two racing agents) exactly one append happens, and the other finds the
 * command already applied and is refused. The {@link EnrollmentTokenUsed} on the token's stream
 * follows as the audit record; should the process die between the two, the command id still
 * marks the token spent.
 */
@ApplicationScoped
public class EnrollmentTokens {

    /** What an admin gets back, once: the token itself is never shown again. */
    public record Issued(String tokenId, String token, Instant expiresAt, String hostId, Map<String, String> labels) {
    }

    /** What an enrolling agent gets back, once. */
    public record Enrolled(String hostId, long generation, String credential, Map<String, String> labels) {
    }

    private static final Pattern TOKEN_ID = Pattern.compile("[0-9a-f]{16}");
    private static final Pattern LABEL_KEY = Pattern.compile("[A-Za-z0-9._/-]+");
    private static final Duration LONGEST = Duration.ofDays(30);
    private static final int CONFLICT_RETRIES = 3;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final EventStore store;
    private final HostCredentials credentials;
    private final CredentialKeys keys;
    private final AgentsConfig config;

    public EnrollmentTokens(EventStore store, HostCredentials credentials, CredentialKeys keys, AgentsConfig config) {
        this.store = store;
        this.credentials = credentials;
        this.keys = keys;
        this.config = config;
    }

    public Uni<Issued> issue(Long expiresInSeconds, String hostId, Map<String, String> labels,
            EventMetadata metadata) {
        Duration ttl = expiresInSeconds == null ? config.enrollmentTokenTtl() : Duration.ofSeconds(expiresInSeconds);
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(LONGEST) > 0) {
            throw new InvalidCommand("expiresInSeconds must be between 1 and " + LONGEST.toSeconds() + ", got "
                    + expiresInSeconds);
        }
        if (hostId != null && !HostCredential.HOST_ID.matcher(hostId).matches()) {
            throw new InvalidCommand("hostId must be 1-100 letters, digits, '_' or '-', got '" + hostId + "'");
        }
        Map<String, String> checked = labels == null ? Map.of() : labels;
        checked.forEach((key, value) -> {
            if (key == null || !LABEL_KEY.matcher(key).matches() || value == null) {
                throw new InvalidCommand("label '" + key + "' must have a key of letters, digits, '.', '_', '/', '-'"
                        + " and a value");
            }
        });
        byte[] idBytes = new byte[8];
        byte[] secret = new byte[32];
        RANDOM.nextBytes(idBytes);
        RANDOM.nextBytes(secret);
        String tokenId = HexFormat.of().formatHex(idBytes);
        String token = tokenId + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Instant expiresAt = Instant.now().plus(ttl).truncatedTo(ChronoUnit.SECONDS);
        var issued = new EnrollmentTokenIssued(tokenId, sha256(token), expiresAt, hostId, checked);
        return store.appendRecords(EnrollmentCatalog.tokenStream(tokenId), ExpectedVersion.noStream(),
                List.of(issued), metadata.withCommandId(null))
                .map(ok -> new Issued(tokenId, token, expiresAt, hostId, issued.labels()));
    }

    /** Spends {@code token} on {@code hostId}'s next credential generation. */
    public Uni<Enrolled> enroll(String token, String hostId, EventMetadata metadata) {
        if (hostId == null || !HostCredential.HOST_ID.matcher(hostId).matches()) {
            throw new InvalidCommand("hostId must be 1-100 letters, digits, '_' or '-', got '" + hostId + "'");
        }
        if (token == null || token.isBlank()) {
            throw new InvalidCommand("enrollmentToken is required");
        }
        String tokenId = token.trim().split("\\.", 2)[0];
        if (!TOKEN_ID.matcher(tokenId).matches()) {
            throw EnrollmentRefused.unauthorized("not an enrollment token");
        }
        return store.readStream(EnrollmentCatalog.tokenStream(tokenId))
                .flatMap(history -> spend(tokenId, token.trim(), issuedIn(history), hostId, metadata));
    }

    private Uni<Enrolled> spend(String tokenId, String token, EnrollmentTokenIssued issued, String hostId,
            EventMetadata metadata) {
        if (issued == null || !MessageDigest.isEqual(sha256(token).getBytes(StandardCharsets.UTF_8),
                issued.tokenSha256().getBytes(StandardCharsets.UTF_8))) {
            throw EnrollmentRefused.unauthorized("unknown enrollment token");
        }
        if (issued.expiresAt().isBefore(Instant.now())) {
            throw EnrollmentRefused.unauthorized("enrollment token " + tokenId + " expired at " + issued.expiresAt()
                    + "; ask an admin for a new one");
        }
        if (issued.hostId() != null && !issued.hostId().equals(hostId)) {
            throw EnrollmentRefused.forbidden("enrollment token " + tokenId + " is for host " + issued.hostId()
                    + ", not " + hostId);
        }
        String commandId = "enrollment-token:" + tokenId;
        return store.appliedCommand(commandId).flatMap(spent -> {
            if (spent.isPresent()) {
                throw usedRefusal(tokenId);
            }
            return issueCredential(hostId, tokenId, metadata.withCommandId(commandId), CONFLICT_RETRIES);
        }).flatMap(generation -> store.appendRecords(EnrollmentCatalog.tokenStream(tokenId), ExpectedVersion.any(),
                List.of(new EnrollmentTokenUsed(tokenId, hostId, generation)),
                metadata.withCommandId(commandId + ":used"))
                .map(ok -> {
                    credentials.issued(hostId, generation);
                    return new Enrolled(hostId, generation, keys.credential(hostId, generation).token(),
                            issued.labels());
                }));
    }

    private Uni<Long> issueCredential(String hostId, String tokenId, EventMetadata metadata, int retries) {
        String stream = EnrollmentCatalog.credentialStream(hostId);
        return store.readStream(stream).flatMap(history -> {
            long generation = history.stream().map(store.types()::decode).filter(HostCredentialIssued.class::isInstance)
                    .mapToLong(e -> ((HostCredentialIssued) e).generation()).max().orElse(0) + 1;
            return store.appendRecords(stream, ExpectedVersion.exactly(history.size()),
                    List.of(new HostCredentialIssued(hostId, generation, tokenId)), metadata)
                    .map(result -> {
                        if (result.alreadyApplied()) {
                            throw usedRefusal(tokenId);
                        }
                        return generation;
                    });
        }).onFailure(AppendConflict.class).recoverWithUni(conflict -> {
            if (retries <= 0) {
                return Uni.createFrom().failure(conflict);
            }
            return issueCredential(hostId, tokenId, metadata, retries - 1);
        });
    }

    private EnrollmentTokenIssued issuedIn(List<StoredEvent> history) {
        return history.stream().map(store.types()::decode).filter(EnrollmentTokenIssued.class::isInstance)
                .map(EnrollmentTokenIssued.class::cast).findFirst().orElse(null);
    }

    private static EnrollmentRefused usedRefusal(String tokenId) {
        return EnrollmentRefused.used("enrollment token " + tokenId + " was already used; enrollment tokens work once"
                + " — ask an admin for a new one");
    }

    static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
