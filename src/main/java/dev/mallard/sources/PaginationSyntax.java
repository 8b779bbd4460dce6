package dev.mallard.sources;

import dev.mallard.error.MallardException;
import java.util.Optional;

/**
 * The command line's way of writing a {@link Pagination}: {@code none}, {@code next-link[:FIELD]},
 * {@code cursor:FIELD:PARAM}, {@code page:PARAM[:SIZE_PARAM:SIZE]}, {@code offset:PARAM:LIMIT_PARAM:LIMIT}.
 */
public final class PaginationSyntax {
    public static final String FORMS = "none, next-link[:FIELD], cursor:FIELD:PARAM, page:PARAM[:SIZE_PARAM:SIZE], "
            + "offset:PARAM:LIMIT_PARAM:LIMIT";

    private PaginationSyntax() {}

    /**
     * @param where how an error names the setting: {@code --paginate}, or {@code sources.shop.paginate}
     *     in the config file
     */
    public static Pagination parse(String where, String text) {
        String[] parts = text.split(":", -1);
        return switch (parts[0]) {
            case "none" -> parts.length == 1 ? new Pagination.None() : invalid(where, text);
            case "next-link" -> switch (parts.length) {
                case 1 -> new Pagination.NextLink(Optional.empty());
                case 2 -> new Pagination.NextLink(Optional.of(FieldPath.parse(parts[1])));
                default -> invalid(where, text);
            };
            case "cursor" -> parts.length == 3 ? new Pagination.Cursor(FieldPath.parse(parts[1]), parts[2])
                    : invalid(where, text);
            case "page" -> switch (parts.length) {
                case 2 -> new Pagination.PageNumber(parts[1], 1, Optional.empty(), 1);
                case 4 -> new Pagination.PageNumber(parts[1], 1, Optional.of(parts[2]), number(where, text, parts[3]));
                default -> invalid(where, text);
            };
            case "offset" -> parts.length == 4 ? new Pagination.Offset(parts[1], parts[2], number(where, text, parts[3]))
                    : invalid(where, text);
            default -> invalid(where, text);
        };
    }

    private static int number(String where, String text, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw MallardException.invalidArgument(where + ": '" + value + "' in " + text + " is not a number.");
        }
    }

    private static Pagination invalid(String where, String text) {
        throw MallardException.invalidArgument(where + ": '" + text + "' is not a pagination Mallard knows. Write "
                + "one of: " + FORMS + ".");
    }
}
