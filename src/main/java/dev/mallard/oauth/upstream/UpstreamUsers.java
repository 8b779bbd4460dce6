package dev.mallard.oauth.upstream;

import dev.mallard.auth.UserDirectory;
import dev.mallard.store.StoredUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Mallard user a person signed in at the upstream provider acts as: the user with the name from
 * the configured claim, created without a password on first sign-in.
 *
 * <p>The provider only says who someone is; what they may do stays Mallard's. A new user has no
 * grants and sees no databases until an administrator runs {@code mallard users grant NAME DATABASE}.
 * An existing user keeps their grants and their administrator flag, whatever the provider says.
 */
public final class UpstreamUsers {
    private static final Logger log = LoggerFactory.getLogger(UpstreamUsers.class);

    private final UserDirectory users;

    public UpstreamUsers(UserDirectory users) {
        this.users = users;
    }

    public StoredUser user(UpstreamIdentity identity) {
        boolean known = users.find(identity.userName()).isPresent();
        StoredUser user = users.external(identity.userName());
        if (!known) {
            log.info("First sign-in of {} through {}: user created without grants; 'mallard users grant {} DATABASE' "
                    + "gives access", user.name(), identity.issuer(), user.name());
        }
        return user;
    }
}
