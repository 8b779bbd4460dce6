package dev.mallard.mcp.http;

import dev.mallard.exports.Export;
import dev.mallard.exports.ExportArea;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /exports/{id}}: the file of an {@code export_query} call, streamed from disk. The request
 * authenticates like one to {@code /mcp} (the same bearer credentials, none on a loopback server
 * without authentication), and only the principal that made the export may fetch it; an export of
 * someone else looks exactly like an unknown or expired one. It lives beside the MCP endpoint because
 * it checks requests exactly as that endpoint does.
 */
public final class ExportDownloads extends Handler.Abstract {
    /** Where downloads are served: {@code PATH + id}. */
    public static final String PATH = "/exports/";
    private static final int BUFFER = 64 * 1024;

    private final ExportArea area;
    private final HttpAuthentication authentication;
    private final OriginPolicy originPolicy;
    private final JsonMapper json;

    public ExportDownloads(ExportArea area, HttpAuthentication authentication, OriginPolicy originPolicy, JsonMapper json) {
        this.area = area;
        this.authentication = authentication;
        this.originPolicy = originPolicy;
        this.json = json;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (!HttpMethod.GET.is(request.getMethod()) && !HttpMethod.HEAD.is(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            return error(response, callback, 405, "Fetch an export with GET.");
        }
        Optional<String> refusal = originPolicy.refusal(request.getHeaders().get(HttpHeader.HOST),
                request.getHeaders().get(HttpHeader.ORIGIN));
        if (refusal.isPresent()) {
            return error(response, callback, 403, refusal.get());
        }
        String principal;
        switch (authentication.authenticate(request)) {
            case HttpAuthentication.Result.Allowed allowed -> principal = allowed.principal().name();
            case HttpAuthentication.Result.Refused refused -> {
                response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, refused.challenge());
                return error(response, callback, refused.status(), refused.message());
            }
        }
        String path = request.getHttpURI().getPath();
        String id = path.startsWith(PATH) ? path.substring(PATH.length()) : "";
        Optional<Export> export = area.find(id, principal);
        if (export.isEmpty()) {
            return notFound(response, callback);
        }
        SeekableByteChannel channel;
        try {
            channel = Files.newByteChannel(export.get().file());
        } catch (IOException e) {
            return notFound(response, callback); // expired and removed meanwhile
        }
        long size = export.get().bytes();
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, export.get().format().mediaType());
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, size);
        response.getHeaders().put(HttpHeader.CONTENT_DISPOSITION, "attachment; filename=\""
                + export.get().fileName() + "\"");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        if (HttpMethod.HEAD.is(request.getMethod())) {
            closeQuietly(channel);
            callback.succeeded();
            return true;
        }
        ByteBufferPool.Sized buffers = new ByteBufferPool.Sized(request.getComponents().getByteBufferPool(), true,
                BUFFER);
        Content.copy(Content.Source.from(buffers, channel, 0, size), response, callback);
        return true;
    }

    private boolean notFound(Response response, Callback callback) {
        return error(response, callback, 404, "No such export: it expired, was made by another user, or never "
                + "existed. Run export_query again to get a fresh download link.");
    }

    private boolean error(Response response, Callback callback, int status, String message) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        byte[] body = json.writeValueAsBytes(Map.of("error", message, "status", status));
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }

    private static void closeQuietly(SeekableByteChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // read nothing from it
        }
    }
}
