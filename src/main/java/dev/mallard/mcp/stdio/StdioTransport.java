package dev.mallard.mcp.stdio;

import dev.mallard.mcp.JsonRpc;
import dev.mallard.mcp.RequestKeys;
import dev.mallard.mcp.ResourceList;
import dev.mallard.mcp.RunningRequests;
import dev.mallard.mcp.tasks.TaskRegistry;
import dev.mallard.mcp.tasks.TaskSession;
import dev.mallard.auth.Principal;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerSession;
import io.modelcontextprotocol.spec.McpServerTransport;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import io.modelcontextprotocol.spec.ProtocolVersions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.concurrent.Phaser;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * MCP over stdio: one JSON-RPC message per line in, one per line out. Mallard reads the lines itself
 * rather than using the SDK's stdio provider, which ends the whole session on one malformed line and
 * keeps the process alive after the client closed its end. Here a bad line gets a JSON-RPC error
 * and the session goes on, each request runs on its own virtual thread (so a long query does not
 * block the next message), and the end of input ends the session.
 */
public final class StdioTransport implements McpServerTransportProvider {
    private static final Logger log = LoggerFactory.getLogger(StdioTransport.class);
    private static final List<String> PROTOCOL_VERSIONS = List.of(ProtocolVersions.MCP_2024_11_05,
            ProtocolVersions.MCP_2025_03_26, ProtocolVersions.MCP_2025_06_18, ProtocolVersions.MCP_2025_11_25);
    private static final Duration DRAIN_ON_EXIT = Duration.ofSeconds(5);
    private static final Duration CANCEL_ON_EXIT = Duration.ofSeconds(2);

    private final InputStream in;
    private final OutputStream out;
    private final JsonMapper json;
    private final McpJsonMapper mapper;
    private final JsonRpc jsonRpc;
    private final RunningRequests running;
    private final ResourceList resources;
    private final Phaser inFlight = new Phaser(1);
    private final TaskRegistry tasks;
    /** Responses the transport rewrites or keeps, by request id: initialize, tools/list, and the calls of tasks. */
    private final Map<Object, Consumer<McpSchema.JSONRPCResponse>> awaited = new ConcurrentHashMap<>();
    /** Whether the session speaks a protocol with tasks (2025-11-25). */
    private volatile boolean tasksEnabled;
    private volatile McpServerSession session;

    public StdioTransport(InputStream in, OutputStream out, JsonMapper json, RunningRequests running,
            TaskRegistry tasks, ResourceList resources) {
        this.in = in;
        this.out = out;
        this.json = json;
        this.mapper = new JacksonMcpJsonMapper(json);
        this.jsonRpc = new JsonRpc(json);
        this.running = running;
        this.tasks = tasks;
        this.resources = resources;
    }

    @Override
    public List<String> protocolVersions() {
        return PROTOCOL_VERSIONS;
    }

    @Override
    public void setSessionFactory(McpServerSession.Factory sessionFactory) {
        this.session = sessionFactory.create(new Outbound());
    }

    @Override
    public Mono<Void> notifyClients(String method, Object params) {
        return session == null ? Mono.empty() : session.sendNotification(method, params);
    }

    @Override
    public Mono<Void> closeGracefully() {
        return session == null ? Mono.empty() : session.closeGracefully();
    }

    /** Serves messages until the client closes its end of the input; then lets running requests finish. */
    public void serve() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    receive(line);
                }
            }
        } catch (IOException e) {
            log.warn("Reading standard input failed: {}", e.getMessage());
        }
        log.info("Standard input closed; finishing");
        awaitInFlight();
        session.closeGracefully().onErrorComplete().block(DRAIN_ON_EXIT);
    }

    private void receive(String line) {
        switch (jsonRpc.parse(line)) {
            case JsonRpc.Parsed.Failure failure -> write(jsonRpc.errorBody(failure.id(), failure.code(), failure.message()));
            case JsonRpc.Parsed.Message message -> dispatch(message.message());
        }
    }

    private void dispatch(McpSchema.JSONRPCMessage message) {
        if (running.acceptCancellation(session.getId(), message)) {
            return;
        }
        McpTransportContext context = McpTransportContext.EMPTY;
        if (message instanceof McpSchema.JSONRPCRequest request) {
            Optional<String> invalid = JsonRpc.invalidParams(request);
            if (invalid.isPresent()) {
                write(jsonRpc.errorBody(request.id(), JsonRpc.INVALID_PARAMS, invalid.get()));
                return;
            }
            if (tasksEnabled && TaskRegistry.handles(request)) {
                answerTask(request);
                return;
            }
            Optional<McpSchema.JSONRPCResponse> listed = resources.answer(request, Principal.LOCAL, session.getId());
            if (listed.isPresent()) {
                write(json.writeValueAsString(listed.get()));
                return;
            }
            rewriteAnswer(request);
            context = McpTransportContext.create(Map.of(RequestKeys.REQUEST_ID, request.id(),
                    // stdio serves the person who started the process, with their own access.
                    RequestKeys.PRINCIPAL, Principal.LOCAL));
        }
        McpTransportContext requestContext = context;
        inFlight.register();
        Thread.ofVirtual().name("mcp-stdio-request").start(() -> session.handle(message)
                .contextWrite(ctx -> ctx.put(McpTransportContext.KEY, requestContext))
                .doFinally(signal -> inFlight.arriveAndDeregister())
                .subscribe(null, failure -> log.error("Message failed in the MCP session", failure)));
    }

    /** A tasks/* request or a tools/call to run as a task, answered on a thread of its own: tasks/result waits. */
    private void answerTask(McpSchema.JSONRPCRequest request) {
        Thread.ofVirtual().name("mcp-stdio-task").start(() -> write(json.writeValueAsString(
                JsonRpc.sanitize(tasks.answer(request, Principal.LOCAL, new StdioTaskSession())))));
    }

    /** Answers the SDK cannot give whole: the tasks capability on initialize, taskSupport on tools/list. */
    private void rewriteAnswer(McpSchema.JSONRPCRequest request) {
        if (McpSchema.METHOD_INITIALIZE.equals(request.method())) {
            awaited.put(request.id(), response -> {
                if (response.result() instanceof McpSchema.InitializeResult result) {
                    tasksEnabled = TaskRegistry.supports(result.protocolVersion());
                    response = McpSchema.JSONRPCResponse.result(response.id(), tasks.initializeResult(result));
                }
                writeMessage(response);
            });
        } else if (tasksEnabled && McpSchema.METHOD_TOOLS_LIST.equals(request.method())) {
            awaited.put(request.id(), response -> writeMessage(tasks.toolsList(response)));
        }
    }

    /** The tasks of the stdio session: their calls run through it, their status goes out on stdout. */
    private final class StdioTaskSession implements TaskSession {
        @Override
        public CompletableFuture<McpSchema.JSONRPCResponse> run(McpSchema.JSONRPCRequest request,
                McpTransportContext context) {
            CompletableFuture<McpSchema.JSONRPCResponse> response = new CompletableFuture<>();
            awaited.put(request.id(), response::complete);
            Thread.ofVirtual().name("mcp-stdio-task").start(() -> session.handle(request)
                    .contextWrite(ctx -> ctx.put(McpTransportContext.KEY, context))
                    .subscribe(null, failure -> {
                        // No answer will come for this id: forget it, or the entry stays for the session's life.
                        awaited.remove(request.id());
                        response.completeExceptionally(failure);
                    }));
            return response;
        }

        @Override
        public void notify(String method, Object params) {
            session.sendNotification(method, params)
                    .subscribe(null, e -> log.debug("{} not delivered: {}", method, e.getMessage()));
        }
    }

    private void awaitInFlight() {
        int phase = inFlight.arrive();
        try {
            inFlight.awaitAdvanceInterruptibly(phase, DRAIN_ON_EXIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException e) {
            // Nobody will read their answers: stop them, or their queries hold DuckDB's workers (and the
            // process) until they end on their own.
            int stopped = running.cancelAll(session.getId());
            log.warn("{} request(s) still running at exit were cancelled", stopped);
            try {
                inFlight.awaitAdvanceInterruptibly(phase, CANCEL_ON_EXIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            } catch (TimeoutException stillRunning) {
                log.warn("Requests still running at exit were abandoned");
            }
        }
    }

    private void writeMessage(McpSchema.JSONRPCMessage message) {
        write(json.writeValueAsString(JsonRpc.sanitize(message)));
    }

    private void write(String line) {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (out) {
            try {
                out.write(bytes);
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("Standard output is closed", e);
            }
        }
    }

    /** The session's side of the transport: serialises what the SDK sends, one line per message. */
    private final class Outbound implements McpServerTransport {
        @Override
        public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
            return Mono.fromRunnable(() -> {
                if (message instanceof McpSchema.JSONRPCResponse response
                        && running.consumeCancelled(session.getId(), response.id())) {
                    return;
                }
                Consumer<McpSchema.JSONRPCResponse> taker = message instanceof McpSchema.JSONRPCResponse response
                        && response.id() != null ? awaited.remove(response.id()) : null;
                if (taker != null) {
                    taker.accept((McpSchema.JSONRPCResponse) message);
                    return;
                }
                writeMessage(message);
            });
        }

        @Override
        public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
            return mapper.convertValue(data, typeRef);
        }

        @Override
        public Mono<Void> closeGracefully() {
            return Mono.empty();
        }
    }
}
