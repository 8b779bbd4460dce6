package dev.mallard.sources;

import java.util.OptionalInt;

/**
 * Why a sync failed: the table whose endpoint failed (empty when the failure was not one
 * endpoint's), the page it was on (0 when none), the HTTP status if the API answered, and a message
 * that says what to do. Never holds the auth secret.
 */
public record SyncError(String table, int page, OptionalInt status, String message) {
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        if (!table.isEmpty()) {
            text.append("Table '").append(table).append("'");
            if (page > 0) {
                text.append(", page ").append(page);
            }
            status.ifPresent(code -> text.append(", HTTP ").append(code));
            text.append(": ");
        }
        return text.append(message).toString();
    }
}
