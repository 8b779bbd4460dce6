package dev.mallard.web.oauth;

import dev.mallard.web.Html;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;

/**
 * The authorization server's HTML pages: one plain layout, and headers that keep them out of frames
 * (clickjacking a consent button), out of caches and out of Referer headers, with a Content Security
 * Policy that allows no script at all and forms that post only here, or go on to the one client
 * redirect the page is about (browsers check form-action on the redirect after a POST too).
 */
final class Pages {
    private static final String STYLE = """
            body{font:15px/1.5 system-ui,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem;color:#1d2327}
            h1{font-size:1.4rem}label{display:block;margin:.8rem 0 .2rem}
            input[type=text],input[type=password]{width:100%;padding:.5rem;font:inherit;box-sizing:border-box}
            button{font:inherit;padding:.5rem 1.2rem;margin:1rem .5rem 0 0;cursor:pointer}
            .error{color:#a00;background:#fdecec;padding:.6rem;border-radius:4px}
            .warning{background:#fff6d6;padding:.6rem;border-radius:4px}
            .muted{color:#667}code{font:13px ui-monospace,monospace;background:#f4f5f6;padding:1px 4px;border-radius:4px}
            table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:6px 8px;border-bottom:1px solid #eee}
            li{margin:.4rem 0}
            """;

    private Pages() {}

    /**
     * @param formTargets sources besides 'self' that forms may lead to (a client's redirect origin)
     */
    static void send(HttpCall call, int status, String title, String body, List<String> formTargets) {
        Set<String> formAction = new LinkedHashSet<>();
        formAction.add("'self'");
        formAction.addAll(formTargets);
        call.putHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action "
                + String.join(" ", formAction) + "; frame-ancestors 'none'; base-uri 'none'");
        call.putHeader("X-Frame-Options", "DENY");
        call.putHeader("X-Content-Type-Options", "nosniff");
        call.putHeader("Referrer-Policy", "no-referrer");
        call.putHeader(HttpHeader.CACHE_CONTROL.asString(), "no-store");
        call.write(status, "text/html", "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>"
                + Html.escape(title) + " · Mallard</title><style>" + STYLE + "</style></head><body>" + body
                + "</body></html>\n");
    }

    /** A page that only explains what went wrong and what to do. */
    static void message(HttpCall call, int status, String title, String message) {
        send(call, status, title, "<h1>" + Html.escape(title) + "</h1><p>" + Html.escape(message) + "</p>", List.of());
    }

    static String hidden(String name, String value) {
        return "<input type=\"hidden\" name=\"" + Html.escape(name) + "\" value=\"" + Html.escape(value) + "\">";
    }
}
