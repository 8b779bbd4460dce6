package dev.mallard.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What a browser does on Mallard's pages, in as much as the tests need: it keeps cookies (Secure
 * ones too, as browsers do for loopback), sends its origin with every POST, and follows no redirect
 * by itself, so a test sees where each one points.
 */
public final class Browser implements AutoCloseable {
    private static final Pattern SET_COOKIE = Pattern.compile("^\\s*([^=;\\s]+)=([^;]*)(.*)$");

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, String> cookies = new LinkedHashMap<>();

    public Browser(URI base) {
        this.base = base;
    }

    /** A response as the browser got it. */
    public record Page(int status, HttpHeaders headers, String body) {
        public Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        public String location() {
            return header("Location").orElseThrow(() -> new AssertionError("No Location header; status " + status
                    + ", body: " + body));
        }

        /** The value of the hidden form field with this name. */
        public String hidden(String name) {
            Matcher matcher = Pattern.compile("<input type=\"hidden\" name=\"" + Pattern.quote(name)
                    + "\" value=\"([^\"]*)\">").matcher(body);
            if (!matcher.find()) {
                throw new AssertionError("No hidden field " + name + " in: " + body);
            }
            return matcher.group(1).replace("&amp;", "&").replace("&quot;", "\"").replace("&#39;", "'")
                    .replace("&lt;", "<").replace("&gt;", ">");
        }
    }

    public Page get(String pathOrUrl) {
        return send(HttpRequest.newBuilder(resolve(pathOrUrl)).GET());
    }

    /**
     * A form POST from one of the server's own pages, with the headers a browser adds: its pages send
     * no Referer, so the browser says {@code Origin: null}, and Sec-Fetch-Site says same-origin.
     */
    public Page post(String path, Map<String, String> form) {
        return post(path, form, Map.of("Origin", "null", "Sec-Fetch-Site", "same-origin"));
    }

    /** A form POST with the request headers the test chooses (a foreign Origin, no Sec-Fetch-Site...). */
    public Page post(String path, Map<String, String> form, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(resolve(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form)));
        headers.forEach(request::header);
        return send(request);
    }

    public Optional<String> cookie(String name) {
        return Optional.ofNullable(cookies.get(name));
    }

    public void forgetCookies() {
        cookies.clear();
    }

    public static String encode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private URI resolve(String pathOrUrl) {
        return pathOrUrl.startsWith("http") ? URI.create(pathOrUrl) : base.resolve(pathOrUrl);
    }

    private Page send(HttpRequest.Builder request) {
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            for (String header : response.headers().allValues("Set-Cookie")) {
                Matcher matcher = SET_COOKIE.matcher(header);
                if (matcher.matches()) {
                    if (matcher.group(3).toLowerCase(java.util.Locale.ROOT).contains("max-age=0")) {
                        cookies.remove(matcher.group(1));
                    } else {
                        cookies.put(matcher.group(1), matcher.group(2));
                    }
                }
            }
            return new Page(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
