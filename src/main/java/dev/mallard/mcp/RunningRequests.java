package dev.mallard.mcp;

import dev.mallard.tools.Cancellation;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests in progress, per session, so that {@code notifications/cancelled} can stop them (MCP
 * basic/utilities/cancellation). The SDK has no hook for cancellation, so Mallard's transports
 * intercept the notification and look the request up here.
 */
public final class RunningRequests {
    private static final Logger log = LoggerFactory.getLogger(RunningRequests.class);
    private static final String CANCELLED = "notifications/cancelled";

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
     * Takes a {@code notifications/cancelled} message of the session and cancels the request it names.
     *
     * @return false when the message is something else, for the transport to pass on to the session
     */
    public boolean acceptCancellation(String session, McpSchema.JSONRPCMessage message) {
        if (!(message instanceof McpSchema.JSONRPCNotification notification)
                || !CANCELLED.equals(notification.method())) {
            return false;
        }
        if (notification.params() instanceof Map<?, ?> params && params.get("requestId") != null) {
            boolean found = cancel(session, params.get("requestId"));
            log.debug("Cancellation of request {} in session {}: {}", params.get("requestId"), session,
                    found ? "stopped" : "not running");
        }
        return true;
    }

    /**
     * Cancels a running request. Its response will be dropped, as the receiver of a cancellation
     * should not answer the cancelled request.
     *
     * @return whether a running request was found
     */
    public boolean cancel(String session, Object requestId) {
        Cancellation cancellation = mark(Key.of(session, requestId));
        if (cancellation == null) {
            return false;
        }
        cancellation.cancel();
        return true;
    }

    /**
     * Marks a request's response to be dropped, if the request is still registered. The mark is set
     * while the entry is locked, so it cannot land after the registration closed and the response
     * went out: nobody would consume it then.
     *
     * @return the request's cancellation, or null when it is not running
     */
    private Cancellation mark(Key key) {
        Cancellation[] found = new Cancellation[1];
        running.computeIfPresent(key, (k, cancellation) -> {
            cancelled.add(k);
            found[0] = cancellation;
            return cancellation;
        });
        return found[0];
    }

    /**
     * Cancels every request still running in the session, as {@link #cancel} does one.
     *
     * @return how many were running
     */
    public int cancelAll(String session) {
        String owner = session == null ? "" : session;
        int count = 0;
        for (Key key : running.keySet()) {
            Cancellation cancellation = key.session().equals(owner) ? mark(key) : null;
            if (cancellation != null) {
                cancellation.cancel();
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
