package dev.mallard.store;

import java.time.Instant;
import java.util.Optional;

/** Pending mutations: created by a preview, decided once (applied, cancelled, expired, superseded). */
public interface MutationStore {
    void insert(StoredMutation mutation);

    Optional<StoredMutation> find(String id);

    /**
     * Moves a mutation from one status to another if, and only if, it is in the expected status:
     * the one place where "decided once" is enforced, also across replicas sharing the store.
     *
     * @return whether the transition happened
     */
    boolean transition(String id, MutationStatus from, MutationStatus to, Instant at, String outcome);

    /** Marks pending mutations whose time is up as expired. */
    int expire(Instant now);
}
