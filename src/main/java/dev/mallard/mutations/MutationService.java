package dev.mallard.mutations;

import dev.mallard.catalog.CatalogService;
import dev.mallard.config.WriteSettings;
import dev.mallard.engine.DatabaseAccess;
import dev.mallard.engine.ChangeReport;
import dev.mallard.engine.ChangeRequest;
import dev.mallard.engine.QueryControl;
import dev.mallard.engine.QueryEngine;
import dev.mallard.engine.ServedDatabase;
import dev.mallard.error.ErrorCode;
import dev.mallard.error.MallardException;
import dev.mallard.store.MutationStatus;
import dev.mallard.store.MutationStore;
import dev.mallard.store.StoredMutation;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Changes that wait for a confirmation. {@code query_rw} in confirm mode proposes: the SQL runs in a
 * transaction that is rolled back, and the preview is stored as a pending mutation. Confirming runs
 * exactly that SQL in one transaction, but only if the tables it reads and writes are unchanged and
 * every statement changes as many rows as the preview showed; otherwise nothing is applied and a
 * fresh preview is returned. A mutation is decided once, only by the principal that proposed it,
 * and expires.
 */
public final class MutationService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MutationService.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final QueryEngine engine;
    private final CatalogService catalog;
    private final MutationStore store;
    private final JsonMapper json;
    private final WriteSettings settings;
    private final Clock clock;
    private final ScheduledExecutorService expiry;

    public MutationService(QueryEngine engine, CatalogService catalog, MutationStore store, JsonMapper json,
            WriteSettings settings, Clock clock) {
        this.engine = engine;
        this.catalog = catalog;
        this.store = store;
        this.json = json;
        this.settings = settings;
        this.clock = clock;
        this.expiry = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("mallard-mutation-expiry").factory());
        expiry.scheduleWithFixedDelay(this::expire, 30, 30, TimeUnit.SECONDS);
    }

    /** Previews the SQL and stores it as a pending mutation; nothing changes. */
    public Mutation propose(String sql, ServedDatabase database, String principal, QueryControl control,
            DatabaseAccess access) {
        ChangeReport report = engine.preview(sql, database, control, access);
        Instant now = clock.instant();
        Mutation mutation = new Mutation(newId(), database.name(), sql, now.plus(settings.mutationTtl()), report);
        store.insert(new StoredMutation(mutation.id(), principal, database.name(), sql, json.writeValueAsString(report),
                json.writeValueAsString(MutationPlan.of(report)), MutationStatus.PENDING, now, mutation.expiresAt(),
                null, null));
        return mutation;
    }

    /**
     * Applies the mutations, in the order given, in one transaction: all of them or none.
     */
    public Decision confirm(List<String> ids, String principal, QueryControl control, DatabaseAccess access) {
        if (ids.isEmpty()) {
            throw MallardException.invalidArgument("Pass at least one mutation_id.");
        }
        if (new LinkedHashSet<>(ids).size() != ids.size()) {
            throw MallardException.invalidArgument("A mutation_id is listed twice; each change is applied once.");
        }
        List<StoredMutation> mutations = new ArrayList<>();
        for (String id : ids) {
            mutations.add(pending(id, principal));
        }
        String database = mutations.getFirst().database();
        if (mutations.stream().anyMatch(m -> !m.database().equals(database))) {
            throw MallardException.invalidArgument("Mutations confirmed together must be in one database (DuckDB "
                    + "writes to one database per transaction); confirm the others separately.");
        }
        ServedDatabase served = catalog.resolveDatabase(database);
        claim(mutations);
        List<ChangeRequest> requests = mutations.stream()
                .map(m -> new ChangeRequest(m.sql(), served, plan(m).expectation()))
                .toList();
        try {
            ChangeReport report = engine.apply(requests, control, access);
            finish(mutations, MutationStatus.APPLIED, json.writeValueAsString(report.rowsAffected()));
            catalog.invalidate();
            log.info("Applied mutation(s) {} for {}", ids, principal);
            String sql = String.join(";\n", mutations.stream().map(StoredMutation::sql).toList());
            return new Decision.Applied(ids, database, sql, report);
        } catch (MallardException e) {
            if (e.code() != ErrorCode.DATA_CHANGED) {
                finish(mutations, MutationStatus.FAILED, e.getMessage());
                throw e;
            }
            finish(mutations, MutationStatus.SUPERSEDED, e.getMessage());
            List<Mutation> fresh = new ArrayList<>();
            for (StoredMutation mutation : mutations) {
                fresh.add(propose(mutation.sql(), served, principal, control, access));
            }
            return new Decision.DataChanged(e.getMessage(), fresh);
        } catch (RuntimeException e) {
            finish(mutations, MutationStatus.FAILED, "internal error");
            throw e;
        }
    }

    /**
     * A pending mutation of the principal, as previewed, for a call that continues the one that
     * proposed it; it must be for the same SQL and database, so the id alone cannot swap the change.
     */
    public Mutation pending(String id, String principal, String sql, ServedDatabase database) {
        StoredMutation stored = pending(id, principal);
        if (!stored.sql().equals(sql) || !stored.database().equals(database.name())) {
            throw MallardException.invalidArgument("Mutation '" + id + "' previews other SQL or another database "
                    + "than this call; call query_rw again without the earlier answer for a new preview.");
        }
        return new Mutation(stored.id(), stored.database(), stored.sql(), stored.expiresAt(),
                json.readValue(stored.preview(), ChangeReport.class));
    }

    /** Drops a pending mutation; it can no longer be confirmed. */
    public void cancel(String id, String principal) {
        StoredMutation mutation = pending(id, principal);
        if (!store.transition(mutation.id(), MutationStatus.PENDING, MutationStatus.CANCELLED, clock.instant(), null)) {
            throw decided(store.find(id).orElse(mutation));
        }
    }

    @Override
    public void close() {
        expiry.shutdownNow();
    }

    /** The mutation, if it exists, belongs to the principal, and may still be decided. */
    private StoredMutation pending(String id, String principal) {
        StoredMutation mutation = store.find(id == null ? "" : id.strip())
                .filter(m -> m.principal().equals(principal))
                .orElseThrow(() -> MallardException.notFound("Mutation '" + id + "' not found. Mutation ids come "
                        + "from query_rw; an id works only for the caller that got it."));
        if (mutation.status() == MutationStatus.PENDING && !clock.instant().isBefore(mutation.expiresAt())) {
            store.transition(mutation.id(), MutationStatus.PENDING, MutationStatus.EXPIRED, clock.instant(), null);
            mutation = store.find(mutation.id()).orElse(mutation);
        }
        if (mutation.status() != MutationStatus.PENDING) {
            throw decided(mutation);
        }
        return mutation;
    }

    /** Marks the mutations as being applied; fails, changing nothing, if any was decided meanwhile. */
    private void claim(List<StoredMutation> mutations) {
        List<StoredMutation> claimed = new ArrayList<>();
        for (StoredMutation mutation : mutations) {
            if (!store.transition(mutation.id(), MutationStatus.PENDING, MutationStatus.APPLYING, clock.instant(),
                    null)) {
                claimed.forEach(m -> store.transition(m.id(), MutationStatus.APPLYING, MutationStatus.PENDING,
                        clock.instant(), null));
                throw decided(store.find(mutation.id()).orElse(mutation));
            }
            claimed.add(mutation);
        }
    }

    private void finish(List<StoredMutation> mutations, MutationStatus status, String outcome) {
        for (StoredMutation mutation : mutations) {
            store.transition(mutation.id(), MutationStatus.APPLYING, status, clock.instant(), outcome);
        }
    }

    private MutationPlan plan(StoredMutation mutation) {
        return json.readValue(mutation.plan(), MutationPlan.class);
    }

    private static MallardException decided(StoredMutation mutation) {
        String when = mutation.decidedAt() == null ? "" : " at " + mutation.decidedAt();
        String message = switch (mutation.status()) {
            case APPLIED -> "was already applied" + when + "; a change is applied once.";
            case APPLYING -> "is being applied right now.";
            case CANCELLED -> "was cancelled" + when + "; call query_rw again for a new preview.";
            case EXPIRED -> "expired" + when + " (mutations wait for confirmation for a limited time); call "
                    + "query_rw again for a new preview.";
            case SUPERSEDED -> "was replaced by a fresh preview because the data changed" + when
                    + "; confirm the new mutation_id instead.";
            case FAILED -> "failed when it was applied" + when + "; nothing was changed. Call query_rw again.";
            case PENDING -> "is still pending.";
        };
        return new MallardException(ErrorCode.INVALID_ARGUMENT, "Mutation '" + mutation.id() + "' " + message);
    }

    private void expire() {
        try {
            int expired = store.expire(clock.instant());
            if (expired > 0) {
                log.info("{} pending mutation(s) expired", expired);
            }
        } catch (RuntimeException e) {
            log.warn("Could not expire pending mutations: {}", e.getMessage());
        }
    }

    private static String newId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return "mut_" + HexFormat.of().formatHex(bytes);
    }
}
