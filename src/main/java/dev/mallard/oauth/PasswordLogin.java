package dev.mallard.oauth;

import dev.mallard.auth.UserDirectory;
import dev.mallard.store.StoredUser;
import java.time.Duration;
import java.util.Optional;

/** Signing in with a Mallard user name and password, throttled per user name. */
public final class PasswordLogin {
    /** What a sign-in attempt found. */
    public sealed interface Outcome {
        record SignedIn(String user) implements Outcome {}

        /** Wrong user name or password; which of the two is not said. */
        record Wrong() implements Outcome {}

        /** Too many failures for this name: try again after {@code wait}. The password was not checked. */
        record Throttled(Duration retryAfter) implements Outcome {}
    }

    private final UserDirectory users;
    private final LoginThrottle throttle;

    PasswordLogin(UserDirectory users, LoginThrottle throttle) {
        this.users = users;
        this.throttle = throttle;
    }

    public Outcome attempt(String name, char[] password) {
        Optional<Duration> locked = throttle.lockedFor(name);
        if (locked.isPresent()) {
            return new Outcome.Throttled(locked.get());
        }
        Optional<StoredUser> user = users.verifyPassword(name, password);
        if (user.isEmpty()) {
            throttle.failed(name);
            return new Outcome.Wrong();
        }
        throttle.succeeded(name);
        return new Outcome.SignedIn(user.get().name());
    }
}
