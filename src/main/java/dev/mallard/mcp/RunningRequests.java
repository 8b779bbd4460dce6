package dev.mallard.mcp;

import dev.mallard.tools.Cancellation;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Requests in progress, per session, so that {@code notifications/cancelled} can stop them (MCP
 * basic/utilities/cancellation). The SDK has no hook for cancellation, so Mallard's transports
 * intercept the notification and look the request up here.
 */
public final class RunningRequests {
    private final Map<Key, Cancellation> running = new ConcurrentHashMap<>();
    private final Set<Key> cancelled = ConcurrentHashMap.newKeySet();

    private record Key(String session, String request) {
        static Key of(String session, Object requestId) {
            return new Key(session == null ? "" : session, String.valueOf(requestId));
        }
    }

    /** Registers a request; the returned handle must be closed when the request ends. */
    public Registration register(String session, Object requestId, Cancellation cancellation) {
        Key key = Key.of(session, requestId);
        running.put(key, cancellation);
        return () -> running.remove(key, cancellation);
    }

    /**
     * Cancels a running request. Its response will be dropped, as the receiver of a cancellation
     * should not answer the cancelled request.
     *
     * @return whether a running request was found
     */
    public boolean cancel(String session, Object requestId) {
        Key key = Key.of(session, requestId);
        Cancellation cancellation = running.get(key);
        if (cancellation == null) {
            return false;
        }
        cancelled.add(key);
        cancellation.cancel();
        return true;
    }

    /**
     * Cancels every request still running in the session, as {@link #cancel} does one.
     *
     * @return how many were running
     */
    public int cancelAll(String session) {
        String owner = session == null ? "" : session;
        int count = 0;
        for (Map.Entry<Key, Cancellation> entry : running.entrySet()) {
            if (entry.getKey().session().equals(owner)) {
                cancelled.add(entry.getKey());
                entry.getValue().cancel();
                count++;
            }
        }
        return count;
    }

    /** Whether the response to this request should be dropped; forgets the request once asked. */
    public boolean consumeCancelled(String session, Object requestId) {
        return cancelled.remove(Key.of(session, requestId));
    }

    /** Ends the registration of one request. */
    @FunctionalInterface
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }
}
