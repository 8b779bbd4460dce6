package dev.mallard.oauth.upstream;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;

/**
 * Sign-ins sent to the upstream provider and not yet answered, in memory: each is taken at most
 * once, within {@link #DEFAULT_LIFETIME}, by the state the provider hands back. For another
 * lifetime it also remembers the states that were used or expired, so that a replayed or late answer
 * is told apart from one Mallard never asked for.
 *
 * <p>Bounded: when full, the oldest entry is dropped. Someone who starts sign-ins in bulk can then
 * make a slow person start again, but cannot make the server run out of memory. A restart forgets
 * every pending sign-in; the person starts again from their app.
 */
public final class PendingSignIns {
    public static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(10);
    public static final int DEFAULT_CAPACITY = 10_000;

    /** What the state in an answer from the provider refers to. */
    public sealed interface Lookup {
        record Found(PendingSignIn signIn) implements Lookup {}

        /** No sign-in with this state was started here (or Mallard restarted, or it was dropped when full). */
        record Unknown() implements Lookup {}

        record Expired() implements Lookup {}

        record AlreadyUsed() implements Lookup {}
    }

    private enum Ending { USED, EXPIRED }

    private record Ended(Ending ending, Instant forgetAt) {}

    private final Clock clock;
    private final Duration lifetime;
    private final int capacity;
    /** By state, oldest first. */
    private final LinkedHashMap<String, PendingSignIn> pending = new LinkedHashMap<>();
    /** States that can no longer be used, by state, oldest first. */
    private final LinkedHashMap<String, Ended> ended = new LinkedHashMap<>();

    public PendingSignIns(Clock clock) {
        this(clock, DEFAULT_LIFETIME, DEFAULT_CAPACITY);
    }

    public PendingSignIns(Clock clock, Duration lifetime, int capacity) {
        if (lifetime.isNegative() || lifetime.isZero() || capacity < 1) {
            throw new IllegalArgumentException("A pending sign-in needs a positive lifetime and room for at least one");
        }
        this.clock = clock;
        this.lifetime = lifetime;
        this.capacity = capacity;
    }

    public Duration lifetime() {
        return lifetime;
    }

    public synchronized void add(PendingSignIn signIn) {
        tidy(clock.instant());
        if (pending.size() >= capacity) {
            removeOldest(pending);
        }
        pending.put(signIn.state(), signIn);
    }

    /** Takes the sign-in with this state; whatever the answer, the state cannot be taken again. */
    public synchronized Lookup take(String state) {
        Instant now = clock.instant();
        tidy(now);
        PendingSignIn signIn = pending.remove(state);
        if (signIn != null) {
            end(state, Ending.USED, now);
            return new Lookup.Found(signIn);
        }
        Ended end = ended.get(state);
        if (end == null) {
            return new Lookup.Unknown();
        }
        return switch (end.ending()) {
            case USED -> new Lookup.AlreadyUsed();
            case EXPIRED -> new Lookup.Expired();
        };
    }

    public synchronized int size() {
        return pending.size();
    }

    /**
     * Moves expired sign-ins to the ended states and forgets ended states after a lifetime. Both maps
     * are in the order their entries began, so each scan stops at the first live entry.
     */
    private void tidy(Instant now) {
        Iterator<PendingSignIn> signIns = pending.values().iterator();
        while (signIns.hasNext()) {
            PendingSignIn signIn = signIns.next();
            if (now.isBefore(signIn.createdAt().plus(lifetime))) {
                break;
            }
            signIns.remove();
            end(signIn.state(), Ending.EXPIRED, now);
        }
        Iterator<Ended> ends = ended.values().iterator();
        while (ends.hasNext() && !now.isBefore(ends.next().forgetAt())) {
            ends.remove();
        }
    }

    private void end(String state, Ending ending, Instant now) {
        if (ended.size() >= capacity) {
            removeOldest(ended);
        }
        ended.put(state, new Ended(ending, now.plus(lifetime)));
    }

    private static void removeOldest(LinkedHashMap<String, ?> map) {
        Iterator<?> oldest = map.values().iterator();
        oldest.next();
        oldest.remove();
    }
}
