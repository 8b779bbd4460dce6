package dev.mallard.sources;

import dev.mallard.error.MallardException;
import java.util.regex.Pattern;

/**
 * The header that authenticates Mallard to an API and its value, taken by the caller from a stored
 * secret. The value is sent and nothing else: it never appears in a log line, an error or a
 * {@link #toString()}.
 */
public record ApiAuth(String headerName, String secret) {
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    public ApiAuth {
        if (headerName == null || !TOKEN.matcher(headerName).matches()) {
            throw MallardException.invalidArgument("The auth header name '" + headerName
                    + "' is not a valid HTTP header name (e.g. Authorization, X-Api-Key).");
        }
        if (secret == null || secret.isEmpty() || secret.indexOf('\r') >= 0 || secret.indexOf('\n') >= 0) {
            throw MallardException.invalidArgument("The secret for the " + headerName
                    + " header is empty or spans lines. Store the header's whole value, e.g. 'Bearer <token>'.");
        }
    }

    @Override
    public String toString() {
        return "ApiAuth[headerName=" + headerName + ", secret=(hidden)]";
    }
}
