package dev.mallard.web.oauth;

import dev.mallard.json.MallardJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.FormFields;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * One request to an OAuth endpoint and its response: reading parameters, forms and cookies, and
 * writing JSON, pages and redirects. Handlers run on virtual threads, so reading the body blocks.
 */
record HttpCall(Request request, Response response, Callback callback) {
    static final String FORM = "application/x-www-form-urlencoded";
    private static final int MAX_FORM_FIELDS = 100;

    String method() {
        return request.getMethod();
    }

    Optional<String> header(String name) {
        return Optional.ofNullable(request.getHeaders().get(name)).filter(value -> !value.isBlank());
    }

    /** The query parameters, each with every value it was given. */
    Map<String, List<String>> query() {
        return multimap(Request.extractQueryParameters(request, StandardCharsets.UTF_8));
    }

    boolean hasContentType(String mediaType) {
        return header(HttpHeader.CONTENT_TYPE.asString())
                .map(value -> value.toLowerCase(Locale.ROOT).strip().startsWith(mediaType)).orElse(false);
    }

    /** The form body's parameters; empty when the body is not a form or is too large. */
    Optional<Map<String, List<String>>> form(int maxBytes) {
        if (!hasContentType(FORM)) {
            return Optional.empty();
        }
        try {
            return Optional.of(multimap(FormFields.getFields(request, MAX_FORM_FIELDS, maxBytes)));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The body as text; empty when it is larger than {@code maxBytes}. */
    Optional<String> body(int maxBytes) {
        if (request.getLength() > maxBytes) {
            return Optional.empty();
        }
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] body = in.readNBytes(maxBytes + 1);
            return body.length > maxBytes ? Optional.empty() : Optional.of(new String(body, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    Optional<String> cookie(String name) {
        List<HttpCookie> cookies = Request.getCookies(request);
        return cookies == null ? Optional.empty() : cookies.stream().filter(c -> c.getName().equals(name))
                .map(HttpCookie::getValue).filter(value -> !value.isBlank()).findFirst();
    }

    void addHeader(String name, String value) {
        response.getHeaders().add(name, value);
    }

    void putHeader(String name, String value) {
        response.getHeaders().put(name, value);
    }

    /** A JSON answer that no cache keeps (RFC 6749 section 5.1: Cache-Control no-store). */
    void json(int status, Object body) {
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put(HttpHeader.PRAGMA, "no-cache");
        write(status, "application/json", MallardJson.mapper().writeValueAsString(body));
    }

    void write(int status, String contentType, String body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType + "; charset=utf-8");
        Content.Sink.write(response, true, body, callback);
    }

    /** 303 for answers to a POST (the browser follows with GET), 302 otherwise. */
    void redirect(String location) {
        response.setStatus(method().equals("POST") ? 303 : 302);
        response.getHeaders().put(HttpHeader.LOCATION, location);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put("Referrer-Policy", "no-referrer");
        Content.Sink.write(response, true, "", callback);
    }

    static Optional<String> single(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.getOrDefault(name, List.of());
        return values.size() == 1 ? Optional.of(values.getFirst()) : Optional.empty();
    }

    private static Map<String, List<String>> multimap(Fields fields) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (Fields.Field field : fields) {
            map.put(field.getName(), List.copyOf(field.getValues()));
        }
        return map;
    }
}
