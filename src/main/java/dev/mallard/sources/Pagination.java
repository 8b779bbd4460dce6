package dev.mallard.sources;

import dev.mallard.error.MallardException;
import java.util.Optional;

/** How an endpoint's records continue past the first response. */
public sealed interface Pagination {
    /** One response holds every record. */
    record None() implements Pagination {}

    /**
     * Each response names the URL of the next one: in a field of the body, or (field absent) in the
     * {@code Link} header with {@code rel="next"} (RFC 8288). The URL must stay on the API's origin.
     */
    record NextLink(Optional<FieldPath> field) implements Pagination {}

    /** Each response carries an opaque cursor at {@code field}; the next request sends it as {@code param}. */
    record Cursor(FieldPath field, String param) implements Pagination {
        public Cursor {
            requireParam("cursor", param);
            if (field.equals(FieldPath.ROOT)) {
                throw MallardException.invalidArgument("Name the response field that holds the cursor, e.g. meta.next_cursor.");
            }
        }
    }

    /**
     * Numbered pages: {@code param} counts up from {@code start}; {@code sizeParam}, when present,
     * asks for {@code size} records a page. A page that is empty or shorter than {@code size} is the last.
     */
    record PageNumber(String param, int start, Optional<String> sizeParam, int size) implements Pagination {
        public PageNumber {
            requireParam("page", param);
            sizeParam.ifPresent(name -> requireParam("page size", name));
            requirePositive("page size", size);
        }
    }

    /** {@code offsetParam} counts records from 0 in steps of {@code limit}; a short or empty page is the last. */
    record Offset(String offsetParam, String limitParam, int limit) implements Pagination {
        public Offset {
            requireParam("offset", offsetParam);
            requireParam("limit", limitParam);
            requirePositive("limit", limit);
        }
    }

    private static void requireParam(String what, String name) {
        if (name == null || name.isBlank()) {
            throw MallardException.invalidArgument("Name the query parameter that carries the " + what + ".");
        }
    }

    private static void requirePositive(String what, int value) {
        if (value < 1) {
            throw MallardException.invalidArgument("The " + what + " must be at least 1, not " + value + ".");
        }
    }
}
