package dev.mallard.tools;

import java.util.Locale;

/** What a credential may do; each tool names the scope it needs. */
public enum Scope {
    /** Query and explore the catalog. */
    READ,
    /** Change data. */
    WRITE,
    /** See everyone's activity and manage credentials. */
    ADMIN;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
