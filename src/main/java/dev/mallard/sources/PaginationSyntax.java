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

    public static Pagination parse(String text) {
        String[] parts = text.split(":", -1);
        return switch (parts[0]) {
            case "none" -> parts.length == 1 ? new Pagination.None() : invalid(text);
            case "next-link" -> switch (parts.length) {
                case 1 -> new Pagination.NextLink(Optional.empty());
                case 2 -> new Pagination.NextLink(Optional.of(FieldPath.parse(parts[1])));
                default -> invalid(text);
            };
            case "cursor" -> parts.length == 3 ? new Pagination.Cursor(FieldPath.parse(parts[1]), parts[2])
                    : invalid(text);
            case "page" -> switch (parts.length) {
                case 2 -> new Pagination.PageNumber(parts[1], 1, Optional.empty(), 1);
                case 4 -> new Pagination.PageNumber(parts[1], 1, Optional.of(parts[2]), number(text, parts[3]));
                default -> invalid(text);
            };
            case "offset" -> parts.length == 4 ? new Pagination.Offset(parts[1], parts[2], number(text, parts[3]))
                    : invalid(text);
            default -> invalid(text);
        };
    }

    private static int number(String text, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw MallardException.invalidArgument("'" + value + "' in --paginate " + text + " is not a number.");
        }
    }

    private static Pagination invalid(String text) {
        throw MallardException.invalidArgument("--paginate " + text + " is not a pagination Mallard knows. Write one "
                + "of: " + FORMS + ".");
    }
}
