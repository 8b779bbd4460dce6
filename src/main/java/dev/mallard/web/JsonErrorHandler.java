package dev.mallard.web;

import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty produces on its own (unknown path, malformed HTTP) as a short JSON body: Jetty's
 * default page would show server details and, in some modes, stack traces.
 */
final class JsonErrorHandler extends ErrorHandler {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus() <= 0 ? 500 : response.getStatus();
        String reason = HttpStatus.getMessage(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        String body = "{\"error\":\"" + reason.replace("\"", "'") + "\",\"status\":" + status + "}";
        response.write(true, StandardCharsets.UTF_8.encode(body), callback);
        return true;
    }
}
