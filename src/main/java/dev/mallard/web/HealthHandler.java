package dev.mallard.web;

import dev.mallard.MallardVersion;
import java.util.function.IntSupplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** {@code GET /health}: whether the server is up, for load balancers and scripts. */
public final class HealthHandler extends Handler.Abstract.NonBlocking {
    private final IntSupplier sessions;

    public HealthHandler(IntSupplier sessions) {
        this.sessions = sessions;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        Content.Sink.write(response, true, "{\"status\":\"ok\",\"version\":\"" + MallardVersion.get()
                + "\",\"sessions\":" + sessions.getAsInt() + "}", callback);
        return true;
    }
}
