package dev.mallard.auth;

import java.util.Locale;

/** What a grant allows on one database. */
public enum Access {
    READ,
    WRITE;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean covers(Access needed) {
        return this == WRITE || needed == READ;
    }

    public static Access parse(String label) {
        return switch (label.strip().toLowerCase(Locale.ROOT)) {
            case "read" -> READ;
            case "write" -> WRITE;
            default -> throw dev.mallard.error.MallardException.invalidArgument("Unknown access '" + label
                    + "': a grant is read or write.");
        };
    }
}
