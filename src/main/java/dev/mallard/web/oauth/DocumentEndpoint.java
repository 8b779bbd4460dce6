package dev.mallard.web.oauth;

import java.util.Set;
import java.util.function.Supplier;

/** A JSON discovery document: protected resource metadata, authorization server metadata, the JWK set. */
final class DocumentEndpoint extends Endpoint {
    private final Supplier<Object> document;

    DocumentEndpoint(Supplier<Object> document) {
        super(Set.of("GET", "HEAD"), true);
        this.document = document;
    }

    @Override
    void serve(HttpCall call) {
        call.json(200, document.get());
    }
}
