package dev.mallard.oauth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Slows down password guessing per user name: five wrong passwords in a row are free (people
 * mistype), then each further one locks the name for twice as long as the last, from 30 seconds up
 * to 15 minutes. Unknown names are throttled like known ones, so the lock tells nothing. Kept in
 * memory, for at most the 10,000 most recent names: each replica throttles on its own.
 */
public final class LoginThrottle {
    static final int FREE_FAILURES = 5;
    static final Duration FIRST_LOCK = Duration.ofSeconds(30);
    static final Duration LONGEST_LOCK = Duration.ofMinutes(15);
    private static final int MAX_NAMES = 10_000;

    private record Failures(int count, Instant lockedUntil) {}

    private final Clock clock;
    private final Map<String, Failures> failures = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
            return size() > MAX_NAMES;
        }
    };

    public LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** How long the name is still locked, if it is. */
    public synchronized Optional<Duration> lockedFor(String name) {
        Failures current = failures.get(key(name));
        if (current == null) {
            return Optional.empty();
        }
        Duration left = Duration.between(clock.instant(), current.lockedUntil());
        return left.isPositive() ? Optional.of(left) : Optional.empty();
    }

    public synchronized void failed(String name) {
        Failures previous = failures.getOrDefault(key(name), new Failures(0, Instant.EPOCH));
        int count = previous.count() + 1;
        Instant lockedUntil = count < FREE_FAILURES ? Instant.EPOCH : clock.instant().plus(lock(count));
        failures.put(key(name), new Failures(count, lockedUntil));
    }

    public synchronized void succeeded(String name) {
        failures.remove(key(name));
    }

    private static Duration lock(int failures) {
        int doublings = Math.min(failures - FREE_FAILURES, 10);
        Duration lock = FIRST_LOCK.multipliedBy(1L << doublings);
        return lock.compareTo(LONGEST_LOCK) > 0 ? LONGEST_LOCK : lock;
    }

    private static String key(String name) {
        return name.strip().toLowerCase(Locale.ROOT);
    }
}
