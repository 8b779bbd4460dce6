package dev.mallard.mcp.http;

import dev.mallard.auth.Principal;
import dev.mallard.auth.Scope;
import dev.mallard.error.InternalErrors;
import dev.mallard.mcp.JsonRpc;
import dev.mallard.mcp.RequestKeys;
import dev.mallard.mcp.ResourceList;
import dev.mallard.mcp.RunningRequests;
import dev.mallard.mcp.stateless.StatelessDispatcher;
import dev.mallard.mcp.stateless.StatelessProtocol;
import dev.mallard.mcp.tasks.TaskRegistry;
import dev.mallard.mcp.tasks.ToolsListWithTasks;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.HttpHeaders;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import io.modelcontextprotocol.spec.McpStreamableServerTransport;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.ProtocolVersions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * MCP's Streamable HTTP transport (basic/transports, 2025-11-25) on Jetty, feeding the SDK's
 * sessions. Mallard carries the protocol itself instead of using the SDK's servlet because that
 * servlet writes exception details (stack traces included) into error bodies, checks no Origin,
 * accepts any MCP-Protocol-Version, and has no hook for {@code notifications/cancelled}. Here every
 * error is a clean JSON-RPC error, Host and Origin are checked on every request, and cancellations
 * reach the running query.
 */
public final class StreamableHttpTransport extends Handler.Abstract implements McpStreamableServerTransportProvider {
    private static final Logger log = LoggerFactory.getLogger(StreamableHttpTransport.class);
    private static final List<String> PROTOCOL_VERSIONS = List.of(ProtocolVersions.MCP_2025_03_26,
            ProtocolVersions.MCP_2025_06_18, ProtocolVersions.MCP_2025_11_25);
    private static final int MAX_BODY_BYTES = 4 << 20;
    private static final long KEEP_ALIVE_MILLIS = 25_000;
    private static final long MAX_ANSWER_MILLIS = TimeUnit.MINUTES.toMillis(30);
    /**
     * How often a 2026-07-28 request that has sent nothing yet probes its stream: closing it is the
     * client's only way to cancel (basic/patterns/cancellation, "Transport-Specific Cancellation").
     */
    private static final long HEARTBEAT_MILLIS = 1_000;
    private static final String ALLOWED_METHODS = "GET, POST, DELETE, OPTIONS";

    private final McpJsonMapper mapper;
    private final JsonMapper json;
    private final JsonRpc jsonRpc;
    private final OriginPolicy originPolicy;
    private final RunningRequests running;
    private final HttpAuthentication authentication;
    private final Function<String, Optional<Scope>> toolScope;
    private final Function<Principal, String> instructions;
    private final ResourceList resources;
    private final Duration idleTimeout;
    private final TaskRegistry tasks;
    private final Map<String, HttpSession> sessions = new ConcurrentHashMap<>();
    private final ScheduledExecutorService reaper;
    private volatile McpStreamableServerSession.Factory sessionFactory;
    private volatile StatelessDispatcher stateless;
    private final AtomicLong statelessExchanges = new AtomicLong();

    /**
     * @param toolScope the scope each tool needs, by name, to refuse a call with 403 before it starts
     * @param instructions the initialize instructions for a principal: they describe only what it is granted
     * @param resources answers resources/list with what each principal may read
     * @param tasks the MCP tasks of 2025-11-25 sessions
     */
    public StreamableHttpTransport(JsonMapper json, OriginPolicy originPolicy, RunningRequests running,
            HttpAuthentication authentication, Function<String, Optional<Scope>> toolScope,
            Function<Principal, String> instructions, ResourceList resources, Duration idleTimeout,
            TaskRegistry tasks) {
        this.json = json;
        this.mapper = new JacksonMcpJsonMapper(json);
        this.jsonRpc = new JsonRpc(json);
        this.originPolicy = originPolicy;
        this.running = running;
        this.authentication = authentication;
        this.toolScope = toolScope;
        this.instructions = instructions;
        this.resources = resources;
        this.idleTimeout = idleTimeout;
        this.tasks = tasks;
        this.reaper = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("mallard-session-reaper").factory());
        long period = Math.max(1_000, Math.min(idleTimeout.toMillis() / 2, 60_000));
        reaper.scheduleAtFixedRate(this::dropIdleSessions, period, period, TimeUnit.MILLISECONDS);
    }

    /** One MCP session, the user it belongs to, and when it was last used. */
    private static final class HttpSession {
        final McpStreamableServerSession session;
        final String user;
        volatile long lastSeen = System.nanoTime();
        volatile HttpMessageStream listening;
        /** Whether the session speaks a protocol with tasks (2025-11-25). */
        volatile boolean tasks;

        HttpSession(McpStreamableServerSession session, String user) {
            this.session = session;
            this.user = user;
        }
    }

    @Override
    public List<String> protocolVersions() {
        return PROTOCOL_VERSIONS;
    }

    @Override
    public void setSessionFactory(McpStreamableServerSession.Factory sessionFactory) {
        this.sessionFactory = sessionFactory;
    }

    /** Serves 2026-07-28 requests (per-request {@code _meta}, no session) beside the sessions. */
    public void setStatelessDispatcher(StatelessDispatcher stateless) {
        this.stateless = stateless;
    }

    @Override
    public Mono<Void> notifyClients(String method, Object params) {
        return Flux.fromIterable(sessions.values())
                .flatMap(s -> s.session.sendNotification(method, params).onErrorComplete())
                .then();
    }

    @Override
    public Mono<Void> notifyClient(String sessionId, String method, Object params) {
        HttpSession session = sessions.get(sessionId);
        return session == null ? Mono.empty() : session.session.sendNotification(method, params);
    }

    @Override
    public Mono<Void> closeGracefully() {
        return Mono.fromRunnable(() -> {
            reaper.shutdownNow();
            sessions.values().forEach(s -> s.session.close());
            sessions.clear();
        });
    }

    public int sessionCount() {
        return sessions.size();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String host = HttpExchange.host(request);
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        Optional<String> refusal = originPolicy.refusal(host, origin);
        if (refusal.isPresent()) {
            log.warn("Refused {} request: {}", request.getMethod(), refusal.get());
            error(response, callback, 403, null, JsonRpc.INVALID_REQUEST, refusal.get());
            return true;
        }
        if (originPolicy.corsAllowed(origin, host)) {
            addCorsHeaders(response, origin);
        }
        if (request.getMethod().equals("OPTIONS")) {
            // CORS preflights carry no credentials (Fetch standard); they get no data either.
            preflight(response, callback);
            return true;
        }
        Principal principal;
        switch (authentication.authenticate(request)) {
            case HttpAuthentication.Result.Allowed allowed -> principal = allowed.principal();
            case HttpAuthentication.Result.Refused refused -> {
                refuse(response, callback, refused, null);
                return true;
            }
        }
        try {
            switch (request.getMethod()) {
                case "POST" -> post(request, response, callback, principal);
                case "GET" -> get(request, response, callback, principal);
                case "DELETE" -> delete(request, response, callback, principal);
                default -> {
                    response.getHeaders().put(HttpHeader.ALLOW, ALLOWED_METHODS);
                    error(response, callback, 405, null, JsonRpc.INVALID_REQUEST,
                            "Method " + request.getMethod() + " is not supported on the MCP endpoint.");
                }
            }
        } catch (RuntimeException e) {
            String errorId = InternalErrors.newId();
            log.error("Internal error {} handling {} {}", errorId, request.getMethod(), request.getHttpURI(), e);
            error(response, callback, 500, null, JsonRpc.INTERNAL_ERROR, InternalErrors.message(null, errorId));
        }
        return true;
    }

    private void post(Request request, Response response, Callback callback, Principal principal) {
        String accept = request.getHeaders().get(HttpHeader.ACCEPT);
        if (!accepts(accept, HttpExchange.JSON) || !accepts(accept, HttpExchange.EVENT_STREAM)) {
            error(response, callback, 406, null, JsonRpc.INVALID_REQUEST,
                    "Not Acceptable: the Accept header must list application/json and text/event-stream.");
            return;
        }
        String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (contentType != null && !contentType.toLowerCase(Locale.ROOT).startsWith(HttpExchange.JSON)) {
            error(response, callback, 415, null, JsonRpc.INVALID_REQUEST,
                    "Unsupported Media Type: send the JSON-RPC message as application/json.");
            return;
        }
        Optional<String> body = readBody(request);
        if (body.isEmpty()) {
            error(response, callback, 413, null, JsonRpc.INVALID_REQUEST,
                    "The message is larger than " + (MAX_BODY_BYTES >> 20) + " MiB.");
            return;
        }
        switch (jsonRpc.parse(body.get())) {
            case JsonRpc.Parsed.Failure failure ->
                    error(response, callback, 400, failure.id(), failure.code(), failure.message());
            case JsonRpc.Parsed.Message(McpSchema.JSONRPCRequest modern) when stateless != null
                    && StatelessProtocol.isStateless(modern.params(), request.getHeaders().get(HttpHeaders.PROTOCOL_VERSION)) ->
                    stateless(request, response, callback, modern, principal);
            case JsonRpc.Parsed.Message(McpSchema.JSONRPCRequest initialize)
                    when McpSchema.METHOD_INITIALIZE.equals(initialize.method()) ->
                    initialize(initialize, response, callback, principal);
            case JsonRpc.Parsed.Message message ->
                    inSession(request, response, callback, message.message(), principal);
        }
    }

    private void initialize(McpSchema.JSONRPCRequest request, Response response, Callback callback,
            Principal principal) {
        McpSchema.InitializeRequest initialize = null;
        // Checked on the raw params: the SDK's InitializeRequest fills a missing clientInfo with blanks.
        if (request.params() instanceof Map<?, ?> params && params.get("protocolVersion") instanceof String
                && params.get("clientInfo") instanceof Map<?, ?>) {
            try {
                initialize = mapper.convertValue(params, McpSchema.InitializeRequest.class);
            } catch (RuntimeException e) {
                initialize = null;
            }
        }
        if (initialize == null || initialize.protocolVersion() == null || initialize.clientInfo() == null) {
            error(response, callback, 400, request.id(), JsonRpc.INVALID_PARAMS,
                    "Invalid params: initialize needs protocolVersion, capabilities and clientInfo.");
            return;
        }
        McpStreamableServerSession.McpStreamableServerSessionInit init = sessionFactory.startSession(initialize);
        String sessionId = init.session().getId();
        HttpSession session = new HttpSession(init.session(), principal.name());
        sessions.put(sessionId, session);
        McpSchema.InitializeResult sdkResult = init.initResult().block();
        McpSchema.InitializeResult result = new McpSchema.InitializeResult(sdkResult.protocolVersion(),
                sdkResult.capabilities(), sdkResult.serverInfo(), instructions.apply(principal), sdkResult.meta());
        session.tasks = TaskRegistry.supports(result.protocolVersion());        log.info("MCP session {} opened by {} {} for {} (protocol {})", sessionId, initialize.clientInfo().name(),
                initialize.clientInfo().version(), principal.name(), result.protocolVersion());
        response.getHeaders().put(HttpHeaders.MCP_SESSION_ID, sessionId);
        HttpExchange.respond(response, callback, 200, HttpExchange.JSON,
                json.writeValueAsString(McpSchema.JSONRPCResponse.result(request.id(), tasks.initializeResult(result))));
    }

    /**
     * A 2026-07-28 request: no session is looked up or created, and no Mcp-Session-Id is sent. It is
     * answered like a request in a session: JSON, or an event stream when progress comes first or
     * the answer takes longer than a heartbeat; a client that closes the stream cancels the request.
     */
    private void stateless(Request request, Response response, Callback callback, McpSchema.JSONRPCRequest call,
            Principal principal) {
        HttpMessageStream stream = new HttpMessageStream(mapper, json);
        StatelessDispatcher dispatcher = stateless;
        String runningKey = "stateless-" + statelessExchanges.incrementAndGet();
        switch (dispatcher.prepare(call, name -> request.getHeaders().get(name), principal, runningKey,
                notification -> stream.sendMessage(notification).block())) {
            case StatelessDispatcher.Prepared.Refused(var error) -> HttpExchange.respond(response, callback,
                    error.httpStatus(), HttpExchange.JSON, json.writeValueAsString(McpSchema.JSONRPCResponse.error(
                            call.id(), new McpSchema.JSONRPCResponse.JSONRPCError(error.code(), error.message(),
                                    error.data()))));
            case StatelessDispatcher.Prepared.Ready ready -> {
                Optional<HttpAuthentication.Result.Refused> forbidden = scopeRefusal(call, principal);
                if (forbidden.isPresent()) {
                    refuse(response, callback, forbidden.get(), call.id());
                    return;
                }
                Thread.ofVirtual().name("mcp-stateless-request").start(() -> {
                    try {
                        stream.sendMessage(dispatcher.run(ready)).block();
                    } catch (RuntimeException e) {
                        String errorId = InternalErrors.newId();
                        log.error("Internal error {} answering stateless {} {}", errorId, call.method(), call.id(), e);
                        stream.sendMessage(JsonRpc.internalError(call.id(), errorId)).block();
                    }
                });
                stream.answer(call.id(), null, running, response, callback, MAX_ANSWER_MILLIS,
                        new HttpMessageStream.Departure(HEARTBEAT_MILLIS, () -> {
                            // Nobody reads the answer any more: stop the work, keep no mark to drop it.
                            if (running.cancel(null, runningKey)) {
                                running.consumeCancelled(null, runningKey);
                            }
                        }));
            }
        }
    }

    private void inSession(Request request, Response response, Callback callback, McpSchema.JSONRPCMessage message,
            Principal principal) {
        Object messageId = message instanceof McpSchema.JSONRPCRequest r ? r.id() : null;
        Optional<HttpSession> found = session(request, response, callback, messageId, principal);
        if (found.isEmpty()) {
            return;
        }
        String version = request.getHeaders().get(HttpHeaders.PROTOCOL_VERSION);
        if (version != null && !PROTOCOL_VERSIONS.contains(version)) {
            error(response, callback, 400, messageId, JsonRpc.INVALID_REQUEST, "Unsupported MCP-Protocol-Version '"
                    + version + "'. This server supports " + String.join(", ", PROTOCOL_VERSIONS) + ".");
            return;
        }
        HttpSession session = found.get();
        session.lastSeen = System.nanoTime();
        if (message instanceof McpSchema.JSONRPCRequest call) {
            Optional<HttpAuthentication.Result.Refused> forbidden = scopeRefusal(call, principal);
            if (forbidden.isPresent()) {
                refuse(response, callback, forbidden.get(), call.id());
                return;
            }
            if (session.tasks && TaskRegistry.handles(call)) {
                answerTask(session, call, response, callback, principal);
                return;
            }
            call(session, call, response, callback, principal);
            return;
        }
        if (running.acceptCancellation(session.session.getId(), message)) {
            // handled here: the SDK has no hook for cancellation
        } else if (message instanceof McpSchema.JSONRPCNotification notification) {
            session.session.accept(notification).onErrorComplete().block();
        } else if (message instanceof McpSchema.JSONRPCResponse answer) {
            session.session.accept(answer).onErrorComplete().block();
        }
        // MCP: a notification or response that is accepted gets 202 and no body.
        HttpExchange.respond(response, callback, 202, null, null);
    }

    /** A tools/call of a tool whose scope the credential lacks is refused before it reaches the tool. */
    private Optional<HttpAuthentication.Result.Refused> scopeRefusal(McpSchema.JSONRPCRequest call,
            Principal principal) {
        if (!McpSchema.METHOD_TOOLS_CALL.equals(call.method()) || !(call.params() instanceof Map<?, ?> params)
                || !(params.get("name") instanceof String tool)) {
            return Optional.empty();
        }
        return toolScope.apply(tool).flatMap(scope -> authentication.requireScope(principal, scope, tool));
    }

    private void call(HttpSession session, McpSchema.JSONRPCRequest call, Response response, Callback callback,
            Principal principal) {
        Optional<String> invalid = JsonRpc.invalidParams(call);
        if (invalid.isPresent()) {
            error(response, callback, 200, call.id(), JsonRpc.INVALID_PARAMS, invalid.get());
            return;
        }
        Optional<McpSchema.JSONRPCResponse> listed = resources.answer(call, principal, session.session.getId());
        if (listed.isPresent()) {
            HttpExchange.respond(response, callback, 200, HttpExchange.JSON, json.writeValueAsString(listed.get()));
            return;
        }
        HttpMessageStream stream = new HttpMessageStream(mapper, json);
        McpTransportContext context = McpTransportContext.create(Map.of(RequestKeys.REQUEST_ID, call.id(),
                RequestKeys.PRINCIPAL, principal));
        McpStreamableServerTransport answering = session.tasks && McpSchema.METHOD_TOOLS_LIST.equals(call.method())
                ? new ToolsListWithTasks(stream, tasks)
                : stream;
        // The handler runs on this thread; the stream moves its writing to another thread when
        // progress comes before the answer (see runThenAnswer).
        stream.runThenAnswer(() -> session.session.responseStream(answering).handle(call)
                .contextWrite(ctx -> ctx.put(McpTransportContext.KEY, context))
                .subscribe(null, failure -> {
                    log.error("Request {} failed in the MCP session", call.id(), failure);
                    stream.close();
                }), call.id(), session.session.getId(), running, response, callback, MAX_ANSWER_MILLIS);
    }

    /** A tasks/* request, or a tools/call to run as a task (basic/utilities/tasks); tasks/result waits. */
    private void answerTask(HttpSession session, McpSchema.JSONRPCRequest call, Response response, Callback callback,
            Principal principal) {
        Optional<String> invalid = JsonRpc.invalidParams(call);
        McpSchema.JSONRPCResponse answer = invalid.isPresent()
                ? McpSchema.JSONRPCResponse.error(call.id(), new McpSchema.JSONRPCResponse.JSONRPCError(
                        JsonRpc.INVALID_PARAMS, invalid.get(), null))
                : tasks.answer(call, principal, new HttpTaskSession(session.session, mapper));
        HttpExchange.respond(response, callback, 200, HttpExchange.JSON,
                json.writeValueAsString(JsonRpc.sanitize(answer)));
    }

    private void get(Request request, Response response, Callback callback, Principal principal) {
        if (!accepts(request.getHeaders().get(HttpHeader.ACCEPT), HttpExchange.EVENT_STREAM)) {
            error(response, callback, 406, null, JsonRpc.INVALID_REQUEST,
                    "Not Acceptable: a GET on the MCP endpoint opens an event stream; accept text/event-stream.");
            return;
        }
        Optional<HttpSession> found = session(request, response, callback, null, principal);
        if (found.isEmpty()) {
            return;
        }
        HttpSession session = found.get();
        HttpMessageStream stream = new HttpMessageStream(mapper, json);
        HttpMessageStream previous = session.listening;
        session.listening = stream;
        if (previous != null) {
            previous.close();
        }
        session.session.listeningStream(stream);
        stream.listen(response, callback, KEEP_ALIVE_MILLIS);
        if (session.listening == stream) {
            session.listening = null;
            session.session.releaseListeningStream();
        }
    }

    private void delete(Request request, Response response, Callback callback, Principal principal) {
        Optional<HttpSession> found = session(request, response, callback, null, principal);
        if (found.isEmpty()) {
            return;
        }
        HttpSession session = sessions.remove(found.get().session.getId());
        if (session != null) {
            // Nobody will read the answers of the session's requests: stop their queries.
            running.cancelAll(session.session.getId());
            session.session.delete().onErrorComplete().block();
            log.info("MCP session {} closed by the client", session.session.getId());
        }
        HttpExchange.respond(response, callback, 200, null, null);
    }

    private void preflight(Response response, Callback callback) {
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_METHODS, ALLOWED_METHODS);
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_HEADERS,
                "Content-Type, Accept, Authorization, Mcp-Session-Id, Mcp-Protocol-Version, Mcp-Method, Mcp-Name, "
                        + "Last-Event-ID");
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_MAX_AGE, "600");
        HttpExchange.respond(response, callback, 204, null, null);
    }

    private Optional<HttpSession> session(Request request, Response response, Callback callback, Object messageId,
            Principal principal) {
        String sessionId = request.getHeaders().get(HttpHeaders.MCP_SESSION_ID);
        if (sessionId == null || sessionId.isBlank()) {
            error(response, callback, 400, messageId, JsonRpc.INVALID_REQUEST,
                    "Missing Mcp-Session-Id header: send an initialize request first and reuse the session id it returns.");
            return Optional.empty();
        }
        HttpSession session = sessions.get(sessionId.strip());
        // A session belongs to the user who opened it (MCP security best practices, "Session
        // Hijacking"): to anyone else it does not exist.
        if (session == null || !session.user.equals(principal.name())) {
            // MCP: a client that gets 404 for its session id starts a new session with initialize.
            error(response, callback, 404, messageId, -32001,
                    "Session not found: it expired or the server restarted. Initialize a new session.");
            return Optional.empty();
        }
        return Optional.of(session);
    }

    private Optional<String> readBody(Request request) {
        if (request.getLength() > MAX_BODY_BYTES) {
            return Optional.empty();
        }
        try (java.io.InputStream in = Content.Source.asInputStream(request)) {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            return bytes.length > MAX_BODY_BYTES ? Optional.empty()
                    : Optional.of(new String(bytes, StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    private void dropIdleSessions() {
        long now = System.nanoTime();
        sessions.values().removeIf(session -> {
            boolean idle = now - session.lastSeen > idleTimeout.toNanos() && session.listening == null;
            if (idle) {
                log.info("MCP session {} dropped after {} idle", session.session.getId(), idleTimeout);
                session.session.close();
            }
            return idle;
        });
    }

    private void refuse(Response response, Callback callback, HttpAuthentication.Result.Refused refused, Object id) {
        response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, refused.challenge());
        error(response, callback, refused.status(), id, JsonRpc.INVALID_REQUEST, refused.message());
    }

    private void error(Response response, Callback callback, int status, Object id, int code, String message) {
        HttpExchange.respond(response, callback, status, HttpExchange.JSON, jsonRpc.errorBody(id, code, message));
    }

    private static void addCorsHeaders(Response response, String origin) {
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        response.getHeaders().put(HttpHeader.VARY, "Origin");
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_EXPOSE_HEADERS,
                "Mcp-Session-Id, Mcp-Protocol-Version, WWW-Authenticate");
    }

    private static boolean accepts(String accept, String mediaType) {
        if (accept == null) {
            return false;
        }
        String value = accept.toLowerCase(Locale.ROOT);
        return value.contains(mediaType) || value.contains("*/*");
    }
}
