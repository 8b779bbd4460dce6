package dev.mallard.oauth;

import dev.mallard.MallardVersion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Fetches a Client ID Metadata Document with the care a URL chosen by a stranger needs: every
 * address the host resolves to is checked, and the connection goes to the address that was checked
 * (so a second DNS answer cannot swap in an internal address: DNS rebinding); no redirects; five
 * seconds in all; at most 64 KiB. A plain HTTP/1.1 GET on a socket, because java.net.http offers no
 * way to connect to an address chosen in advance.
 */
final class MetadataDocumentFetcher {
    static final int MAX_BYTES = 64 * 1024;
    private static final int MAX_HEADER_BYTES = 16 * 1024;
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[01] (\\d{3})( .*)?");
    private static final Pattern MAX_AGE = Pattern.compile("(?:^|[,\\s])max-age\\s*=\\s*\"?(\\d+)");

    /** What a fetch found. */
    sealed interface Result {
        /** A 200 JSON answer, and how long it may be cached (Cache-Control max-age). */
        record Fetched(String body, Optional<Duration> maxAge) implements Result {}

        record Failed(String reason) implements Result {}
    }

    private final FetchAddresses addresses;

    MetadataDocumentFetcher(FetchAddresses addresses) {
        this.addresses = addresses;
    }

    Result fetch(URI url) {
        InetAddress[] resolved;
        try {
            resolved = InetAddress.getAllByName(url.getHost());
        } catch (UnknownHostException e) {
            return new Result.Failed("The host " + url.getHost() + " was not found.");
        }
        for (InetAddress address : resolved) {
            if (!addresses.allowed(address)) {
                return new Result.Failed("The host " + url.getHost() + " resolves to a loopback, private or "
                        + "reserved address, which Mallard does not fetch client metadata from.");
            }
        }
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        try {
            return read(get(resolved[0], url, deadline));
        } catch (SocketTimeoutException e) {
            return new Result.Failed("The metadata document did not arrive within " + TIMEOUT.toSeconds() + " s.");
        } catch (IOException e) {
            return new Result.Failed("The metadata document could not be fetched: " + e.getMessage());
        }
    }

    private static byte[] get(InetAddress address, URI url, long deadline) throws IOException {
        boolean https = url.getScheme().equalsIgnoreCase("https");
        int port = url.getPort() > 0 ? url.getPort() : https ? 443 : 80;
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(address, port), (int) TIMEOUT.toMillis());
            Socket socket = https ? tls(plain, url.getHost(), port) : plain;
            String target = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
                    + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
            String request = "GET " + target + " HTTP/1.1\r\nHost: " + url.getRawAuthority()
                    + "\r\nAccept: application/json\r\nAccept-Encoding: identity\r\nUser-Agent: Mallard/"
                    + MallardVersion.get() + "\r\nConnection: close\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return readAll(socket, deadline);
        }
    }

    private static Socket tls(Socket plain, String host, int port) throws IOException {
        SSLSocket socket = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault())
                .createSocket(plain, host, port, true);
        SSLParameters parameters = socket.getSSLParameters();
        // Check the certificate against the host name, as a browser would.
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(parameters);
        return socket;
    }

    private static byte[] readAll(Socket socket, long deadline) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (true) {
            long left = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
            if (left <= 0) {
                throw new SocketTimeoutException();
            }
            socket.setSoTimeout((int) left);
            int read = in.read(buffer);
            if (read < 0) {
                return response.toByteArray();
            }
            response.write(buffer, 0, read);
            if (response.size() > MAX_BYTES + MAX_HEADER_BYTES) {
                throw new IOException("it is larger than " + MAX_BYTES / 1024 + " KiB");
            }
        }
    }

    private static Result read(byte[] response) throws IOException {
        int end = indexOf(response, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0);
        if (end < 0 || end > MAX_HEADER_BYTES) {
            throw new IOException("the answer is not HTTP");
        }
        String[] lines = new String(response, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        Matcher status = STATUS_LINE.matcher(lines[0]);
        if (!status.matches()) {
            throw new IOException("the answer is not HTTP");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.merge(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).strip(), (a, b) -> a + ", " + b);
            }
        }
        int code = Integer.parseInt(status.group(1));
        if (code >= 300 && code < 400) {
            return new Result.Failed("The URL answered with a redirect (HTTP " + code + "); Mallard does not follow "
                    + "redirects for client metadata: the client_id must be the document's own URL.");
        }
        if (code != 200) {
            return new Result.Failed("The URL answered HTTP " + code + " instead of the metadata document.");
        }
        String contentType = headers.getOrDefault("content-type", "").toLowerCase(Locale.ROOT);
        if (!contentType.startsWith("application/json") && !contentType.matches("application/[a-z0-9.+-]*\\+json.*")) {
            return new Result.Failed("The URL answered with " + (contentType.isEmpty() ? "no content type"
                    : contentType) + " instead of application/json.");
        }
        byte[] body = Arrays.copyOfRange(response, end + 4, response.length);
        if (headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT).contains("chunked")) {
            body = dechunk(body);
        } else if (headers.containsKey("content-length")) {
            body = Arrays.copyOf(body, Math.min(body.length, contentLength(headers.get("content-length"))));
        }
        if (body.length > MAX_BYTES) {
            throw new IOException("it is larger than " + MAX_BYTES / 1024 + " KiB");
        }
        return new Result.Fetched(new String(body, StandardCharsets.UTF_8), maxAge(headers.get("cache-control")));
    }

    /** RFC 9111 section 5.2.2: no-store and no-cache mean "do not reuse without asking again". */
    static Optional<Duration> maxAge(String cacheControl) {
        if (cacheControl == null) {
            return Optional.empty();
        }
        String value = cacheControl.toLowerCase(Locale.ROOT);
        if (value.contains("no-store") || value.contains("no-cache")) {
            return Optional.of(Duration.ZERO);
        }
        Matcher matcher = MAX_AGE.matcher(value);
        return matcher.find() ? Optional.of(Duration.ofSeconds(Long.parseLong(
                matcher.group(1).length() > 9 ? "999999999" : matcher.group(1)))) : Optional.empty();
    }

    private static int contentLength(String value) throws IOException {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IOException("the Content-Length is not a number");
        }
    }

    /** RFC 9112 section 7.1: chunk sizes in hex, each chunk followed by CRLF, a zero-size chunk last. */
    private static byte[] dechunk(byte[] body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int position = 0;
        while (true) {
            int lineEnd = indexOf(body, "\r\n".getBytes(StandardCharsets.US_ASCII), position);
            if (lineEnd < 0) {
                throw new IOException("the chunked answer is cut short");
            }
            String sizeLine = new String(body, position, lineEnd - position, StandardCharsets.US_ASCII);
            int semicolon = sizeLine.indexOf(';');
            int size;
            try {
                size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).strip(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("the chunked answer is malformed");
            }
            position = lineEnd + 2;
            if (size == 0) {
                return out.toByteArray();
            }
            if (size < 0 || position + size > body.length) {
                throw new IOException("the chunked answer is cut short");
            }
            out.write(body, position, size);
            position += size + 2;
        }
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = from; i + pattern.length <= data.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
