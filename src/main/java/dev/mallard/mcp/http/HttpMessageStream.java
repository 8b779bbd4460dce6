package dev.mallard.mcp.http;

import dev.mallard.error.InternalErrors;
import dev.mallard.mcp.JsonRpc;
import dev.mallard.mcp.RunningRequests;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerTransport;
import java.io.IOException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The messages the server sends in answer to one POSTed request, or on the GET listening stream.
 * The SDK hands messages over from any thread; the request's own (virtual) thread writes them. A
 * request answered with nothing but its response gets a plain JSON body; anything sent before the
 * response (progress, elicitation) turns the answer into an SSE stream.
 */
final class HttpMessageStream implements McpStreamableServerTransport {
    private static final Logger log = LoggerFactory.getLogger(HttpMessageStream.class);
    private static final Object END = new Object();
    /** Put in the outbox by the clock when an answer has waited its time. */
    private static final Object TICK = new Object();
    private static final long CLOCK_TICK_MILLIS = 100;
    /**
     * Answers and listening streams waiting for their next message, woken by one clock for all. A timed wait per answer
     * scheduled and cancelled a timer on every call, which woke the JDK's timer thread twice per call
     * (about 5% of the server's CPU time on short queries); the waits here are long (a heartbeat, or
     * the longest an answer may take), so a tick of {@value #CLOCK_TICK_MILLIS} ms is precise enough.
     */
    private static final Set<HttpMessageStream> WAITING = ConcurrentHashMap.newKeySet();
    /**
     * Streams whose request thread is still running the handler itself ({@link #runThenAnswer}); the
     * clock gives their writing a thread of its own once the handler has run {@value #HAND_OFF_MILLIS} ms,
     * so that the longest wait for an answer counts as before.
     */
    private static final Set<HttpMessageStream> RUNNING_HERE = ConcurrentHashMap.newKeySet();
    private static final long HAND_OFF_MILLIS = 1_000;

    static {
        Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("mallard-answer-clock").factory())
                .scheduleWithFixedDelay(HttpMessageStream::wakeLateAnswers, CLOCK_TICK_MILLIS, CLOCK_TICK_MILLIS,
                        TimeUnit.MILLISECONDS);
    }

    private static void wakeLateAnswers() {
        long now = System.nanoTime();
        for (HttpMessageStream stream : WAITING) {
            if (now - stream.wakeAt >= 0) {
                stream.outbox.add(TICK);
            }
        }
        for (HttpMessageStream stream : RUNNING_HERE) {
            if (now - stream.handlerStarted >= TimeUnit.MILLISECONDS.toNanos(HAND_OFF_MILLIS)) {
                stream.handOff();
            }
        }
    }

    private record Outgoing(McpSchema.JSONRPCMessage message, String eventId) {}

    private final BlockingQueue<Object> outbox = new LinkedBlockingQueue<>();
    private final McpJsonMapper mapper;
    private final JsonMapper json;
    /** When {@link #next} gives up waiting (System.nanoTime). */
    private volatile long wakeAt;
    /** The writing of the answer while the request's thread runs the handler; null once a thread took it. */
    private final AtomicReference<Runnable> writer = new AtomicReference<>();
    /** The request whose answer {@link #runThenAnswer} writes (its answer needs no writer of its own). */
    private volatile Object answerId;
    private volatile long handlerStarted;

    HttpMessageStream(McpJsonMapper mapper, JsonMapper json) {
        this.mapper = mapper;
        this.json = json;
    }

    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
        return sendMessage(message, null);
    }

    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message, String messageId) {
        return Mono.fromRunnable(() -> {
            outbox.add(new Outgoing(message, messageId));
            if (writer.get() != null
                    && !(message instanceof McpSchema.JSONRPCResponse r && Objects.equals(r.id(), answerId))) {
                // Progress or a request to the client: it must go out while the handler still runs.
                handOff();
            }
        });
    }

    @Override
    public Mono<Void> closeGracefully() {
        return Mono.fromRunnable(this::close);
    }

    @Override
    public void close() {
        outbox.add(END);
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
        return mapper.convertValue(data, typeRef);
    }

    /**
     * Runs {@code handler} on this, the request's, thread and then writes its answer (as {@link #answer}),
     * so that a call answered without anything before its answer needs no second thread: handing the
     * request to another virtual thread and back cost about 5% of the server's time on short queries.
     * When the handler sends something before its answer (progress, a request to the client), or runs
     * longer than {@value #HAND_OFF_MILLIS} ms, the writing moves to a virtual thread of its own, which
     * writes each message as it comes while the handler goes on here.
     */
    void runThenAnswer(Runnable handler, Object requestId, String sessionId, RunningRequests running,
            Response response, Callback callback, long maxWaitMillis) {
        answerId = requestId;
        handlerStarted = System.nanoTime();
        writer.set(() -> answer(requestId, sessionId, running, response, callback, maxWaitMillis));
        RUNNING_HERE.add(this);
        try {
            handler.run();
        } catch (RuntimeException e) {
            String errorId = InternalErrors.newId();
            log.error("Internal error {} handling request {}", errorId, requestId, e);
            outbox.add(new Outgoing(JsonRpc.internalError(requestId, errorId), null));
        } finally {
            RUNNING_HERE.remove(this);
        }
        Runnable notHandedOff = writer.getAndSet(null);
        if (notHandedOff != null) {
            notHandedOff.run();
        }
    }

    private void handOff() {
        Runnable taken = writer.getAndSet(null);
        if (taken != null) {
            Thread.ofVirtual().name("mcp-answer").start(taken);
        }
    }

    /**
     * Writes what the server sends for one request until its response has gone out. A response to
     * a cancelled request is not sent (MCP cancellation: the receiver should not answer it).
     */
    void answer(Object requestId, String sessionId, RunningRequests running, Response response, Callback callback,
            long maxWaitMillis) {
        answer(requestId, sessionId, running, response, callback, maxWaitMillis, null);
    }

    /**
     * How to notice a client that leaves before its answer: while nothing else is sent, a comment
     * goes out every heartbeat (which turns the answer into an event stream, as progress does), and
     * a write that fails means the client closed the stream.
     */
    record Departure(long heartbeatMillis, Runnable onLeft) {}

    /**
     * {@link #answer(Object, String, RunningRequests, Response, Callback, long)}, watching for the
     * client leaving when {@code departure} is not null.
     */
    void answer(Object requestId, String sessionId, RunningRequests running, Response response, Callback callback,
            long maxWaitMillis, Departure departure) {
        boolean streaming = false;
        long quietSince = System.nanoTime();
        WAITING.add(this);
        try {
            while (true) {
                long wait = departure == null ? maxWaitMillis : Math.min(maxWaitMillis, departure.heartbeatMillis());
                Object item = next(wait);
                if (item == null && departure != null
                        && System.nanoTime() - quietSince < TimeUnit.MILLISECONDS.toNanos(maxWaitMillis)) {
                    if (!streaming) {
                        HttpExchange.startEventStream(response);
                        streaming = true;
                    }
                    HttpExchange.writePart(response, ": working\n\n");
                    continue;
                }
                if (item == null || item == END) {
                    finishEmpty(streaming, response, callback);
                    return;
                }
                quietSince = System.nanoTime();
                McpSchema.JSONRPCMessage message = JsonRpc.sanitize(((Outgoing) item).message());
                String body = json.writeValueAsString(message);
                boolean isAnswer = message instanceof McpSchema.JSONRPCResponse r && Objects.equals(r.id(), requestId);
                if (isAnswer && running.consumeCancelled(sessionId, requestId)) {
                    continue;
                }
                if (isAnswer && !streaming) {
                    HttpExchange.respond(response, callback, 200, HttpExchange.JSON, body);
                    return;
                }
                if (!streaming) {
                    HttpExchange.startEventStream(response);
                    streaming = true;
                }
                String event = HttpExchange.event(((Outgoing) item).eventId(), body);
                if (isAnswer) {
                    org.eclipse.jetty.io.Content.Sink.write(response, true, event, callback);
                    return;
                }
                HttpExchange.writePart(response, event);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            callback.failed(e);
        } catch (IOException e) {
            log.debug("Client left before request {} was answered: {}", requestId, e.getMessage());
            if (departure != null) {
                departure.onLeft().run();
            }
            callback.failed(e);
        } finally {
            WAITING.remove(this);
        }
    }

    /** The next message, or null when none came within {@code waitMillis} (give or take a clock tick). */
    private Object next(long waitMillis) throws InterruptedException {
        wakeAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        while (true) {
            Object item = outbox.take();
            if (item != TICK) {
                return item;
            }
            if (System.nanoTime() - wakeAt >= 0) {
                return null;
            }
        }
    }

    /**
     * Keeps a GET stream open, writing server-initiated messages as they come and a comment now and
     * then so dead connections are noticed, until the session or the client ends it.
     */
    void listen(Response response, Callback callback, long keepAliveMillis) {
        HttpExchange.startEventStream(response);
        WAITING.add(this);
        try {
            HttpExchange.writePart(response, ": stream open\n\n");
            while (true) {
                Object item = next(keepAliveMillis);
                if (item == END) {
                    org.eclipse.jetty.io.Content.Sink.write(response, true, "", callback);
                    return;
                }
                if (item == null) {
                    HttpExchange.writePart(response, ": keep-alive\n\n");
                    continue;
                }
                Outgoing outgoing = (Outgoing) item;
                String body = json.writeValueAsString(JsonRpc.sanitize(outgoing.message()));
                HttpExchange.writePart(response, HttpExchange.event(outgoing.eventId(), body));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            callback.failed(e);
        } catch (IOException e) {
            callback.failed(e);
        } finally {
            WAITING.remove(this);
        }
    }

    private static void finishEmpty(boolean streaming, Response response, Callback callback) {
        if (!streaming) {
            HttpExchange.startEventStream(response);
        }
        org.eclipse.jetty.io.Content.Sink.write(response, true, "", callback);
    }
}
