package dev.mallard.mcp.http;

import java.util.concurrent.ExecutionException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.FutureCallback;

/** Blocking writes on a Jetty response; handlers run on virtual threads, so blocking is cheap. */
final class HttpExchange {
    static final String JSON = "application/json";
    static final String EVENT_STREAM = "text/event-stream";

    private HttpExchange() {}

    static String host(Request request) {
        String host = request.getHeaders().get(HttpHeader.HOST);
        return host != null ? host : request.getHttpURI().getAuthority();
    }

    /** Writes a complete response and completes the request's callback. */
    static void respond(Response response, Callback callback, int status, String contentType, String body) {
        response.setStatus(status);
        if (contentType != null) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType + "; charset=utf-8");
        }
        Content.Sink.write(response, true, body == null ? "" : body, callback);
    }

    /** Writes part of a streamed response and waits until it is on its way. */
    static void writePart(Response response, String text) throws java.io.IOException {
        FutureCallback written = new FutureCallback();
        Content.Sink.write(response, false, text, written);
        try {
            written.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("Interrupted while writing");
        } catch (ExecutionException e) {
            throw new java.io.IOException("The client went away", e.getCause());
        }
    }

    static void startEventStream(Response response) {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, EVENT_STREAM);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache, no-transform");
        // Proxies such as nginx would otherwise buffer the stream and delay progress events.
        response.getHeaders().put("X-Accel-Buffering", "no");
    }

    static String event(String id, String data) {
        StringBuilder event = new StringBuilder();
        if (id != null) {
            event.append("id: ").append(id).append('\n');
        }
        return event.append("event: message\ndata: ").append(data).append("\n\n").toString();
    }
}
