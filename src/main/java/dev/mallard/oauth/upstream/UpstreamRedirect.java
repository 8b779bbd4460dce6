package dev.mallard.oauth.upstream;

import java.net.URI;

/**
 * Where to send the browser to sign in at the upstream provider, and the pending sign-in that its
 * answer completes (already remembered in {@link PendingSignIns}).
 */
public record UpstreamRedirect(URI location, PendingSignIn signIn) {}
