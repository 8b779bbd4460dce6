package dev.mallard.web.oauth;

import java.util.Set;

/** An endpoint people see in their browser: failures are pages, not JSON. */
abstract class PageEndpoint extends Endpoint {
    PageEndpoint(Set<String> methods) {
        super(methods, false);
    }

    @Override
    void internalError(HttpCall call, String message) {
        Pages.message(call, 500, "Something went wrong", message);
    }
}
