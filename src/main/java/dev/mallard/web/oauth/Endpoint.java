package dev.mallard.web.oauth;

import dev.mallard.error.InternalErrors;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An OAuth endpoint or page: answers only its methods, and turns a failure inside Mallard into an
 * error id in the log and in the answer, never a stack trace. Endpoints that browser-based clients
 * call (metadata, registration, token, revocation, keys) answer any origin (CORS without
 * credentials: they use no cookies, so another site gains nothing it could not get by itself).
 */
abstract class Endpoint extends Handler.Abstract {
    private static final Logger log = LoggerFactory.getLogger(Endpoint.class);

    private final Set<String> methods;
    private final boolean crossOrigin;

    Endpoint(Set<String> methods, boolean crossOrigin) {
        this.methods = Set.copyOf(methods);
        this.crossOrigin = crossOrigin;
    }

    @Override
    public final boolean handle(Request request, Response response, Callback callback) {
        HttpCall call = new HttpCall(request, response, callback);
        if (crossOrigin) {
            response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
            response.getHeaders().put(HttpHeader.ACCESS_CONTROL_EXPOSE_HEADERS, "WWW-Authenticate");
            if (request.getMethod().equals("OPTIONS")) {
                response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_METHODS, String.join(", ", methods));
                response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_HEADERS,
                        "Authorization, Content-Type, MCP-Protocol-Version");
                response.getHeaders().put(HttpHeader.ACCESS_CONTROL_MAX_AGE, "600");
                call.write(204, "text/plain", "");
                return true;
            }
        }
        if (!methods.contains(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, String.join(", ", methods));
            call.json(405, Map.of("error", "invalid_request", "error_description", "Use " + String.join(" or ", methods)
                    + " here."));
            return true;
        }
        try {
            serve(call);
        } catch (RuntimeException e) {
            String id = InternalErrors.newId();
            log.error("Internal error {} handling {} {}", id, request.getMethod(), request.getHttpURI().getPath(), e);
            internalError(call, InternalErrors.message(null, id));
        }
        return true;
    }

    abstract void serve(HttpCall call);

    /** How this endpoint reports an internal error; JSON endpoints answer RFC 6749's server_error. */
    void internalError(HttpCall call, String message) {
        call.json(500, Map.of("error", "server_error", "error_description", message));
    }
}
