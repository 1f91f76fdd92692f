package io.berth.controlplane.identity.login;

import io.berth.controlplane.identity.IdentityConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed logins per username and per client address in a sliding window. Once either has
 * its maximum of failures in the window, logins for it are refused (429) until the oldest
 * failure leaves the window — even with the right password, so guessing cannot go on. Counts
 * live in this instance's memory (documented: with several control planes each counts its own).
 */
@ApplicationScoped
public class LoginThrottle {

    private static final String USER = "user:";
    private static final String ADDRESS = "address:";

    private final int maxPerUsername;
    private final int maxPerAddress;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    @Inject
    public LoginThrottle(IdentityConfig config) {
        this(config.loginThrottle().maxFailuresPerUsername(), config.loginThrottle().maxFailuresPerAddress(),
                config.loginThrottle().window(), Clock.systemUTC());
    }

    LoginThrottle(int maxPerUsername, int maxPerAddress, Duration window, Clock clock) {
        this.maxPerUsername = maxPerUsername;
        this.maxPerAddress = maxPerAddress;
        this.window = window;
        this.clock = clock;
    }

    /** How long the caller must wait before trying again, if either key is throttled now. */
    public Optional<Duration> retryAfter(String username, String address) {
        Instant now = clock.instant();
        Duration wait = Duration.ZERO;
        for (String key : keys(username, address)) {
            Deque<Instant> times = failures.get(key);
            if (times == null) {
                continue;
            }
            synchronized (times) {
                prune(times, now);
                int limit = key.startsWith(USER) ? maxPerUsername : maxPerAddress;
                if (times.size() >= limit) {
                    // allowed again once enough failures have left the window to drop below the limit
                    Instant pivot = times.stream().skip(times.size() - limit).findFirst().orElseThrow();
                    Duration left = Duration.between(now, pivot.plus(window));
                    wait = left.compareTo(wait) > 0 ? left : wait;
                }
            }
        }
        return wait.isZero() || wait.isNegative() ? Optional.empty() : Optional.of(wait);
    }

    public void failed(String username, String address) {
        Instant now = clock.instant();
        for (String key : keys(username, address)) {
            // compute holds the map's lock for the key, so a concurrent sweep cannot drop this failure
            failures.compute(key, (k, times) -> {
                Deque<Instant> deque = times == null ? new ArrayDeque<>() : times;
                synchronized (deque) {
                    prune(deque, now);
                    deque.addLast(now);
                }
                return deque;
            });
        }
    }

    /** A correct password clears the username's count; the address keeps its own. */
    public void succeeded(String username) {
        failures.remove(userKey(username));
    }

    /** Drops names and addresses whose failures have all left the window. */
    public void sweep() {
        Instant now = clock.instant();
        for (String key : failures.keySet()) {
            failures.computeIfPresent(key, (k, times) -> {
                synchronized (times) {
                    prune(times, now);
                    return times.isEmpty() ? null : times;
                }
            });
        }
    }

    private void prune(Deque<Instant> times, Instant now) {
        while (!times.isEmpty() && !times.peekFirst().plus(window).isAfter(now)) {
            times.removeFirst();
        }
    }

    private static String[] keys(String username, String address) {
        return new String[] {userKey(username), ADDRESS + (address == null ? "unknown" : address)};
    }

    private static String userKey(String username) {
        return USER + (username == null ? "" : username.toLowerCase(java.util.Locale.ROOT));
    }
}
