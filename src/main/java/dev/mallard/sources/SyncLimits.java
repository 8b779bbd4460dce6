package dev.mallard.sources;

import java.time.Duration;

/**
 * The bounds of one sync. A sync that reaches {@code maxPages} or {@code maxBytes} fails rather than
 * publish part of an API; {@code retries} more attempts follow a 429 or 5xx answer or a network
 * error, {@code backoff} apart and doubling, or after the Retry-After the API asked for, as long as
 * that is at most {@code maxRetryWait}. Superseded versions stay readable for {@code grace}.
 *
 * @param allowPrivateAddresses whether an API may resolve to a private or reserved address (an
 *     intranet API); loopback is always allowed
 */
public record SyncLimits(Duration connectTimeout, Duration requestTimeout, int maxPages, long maxBytes, int retries,
        Duration backoff, Duration maxRetryWait, Duration grace, boolean allowPrivateAddresses) {
    public static final SyncLimits DEFAULTS = new SyncLimits(Duration.ofSeconds(10), Duration.ofSeconds(60), 10_000,
            1024L * 1024 * 1024, 4, Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofMinutes(10), false);

    public SyncLimits withMaxPages(int maxPages) {
        return new SyncLimits(connectTimeout, requestTimeout, maxPages, maxBytes, retries, backoff, maxRetryWait, grace,
                allowPrivateAddresses);
    }

    public SyncLimits withMaxBytes(long maxBytes) {
        return new SyncLimits(connectTimeout, requestTimeout, maxPages, maxBytes, retries, backoff, maxRetryWait, grace,
                allowPrivateAddresses);
    }

    public SyncLimits withRetries(int retries, Duration backoff, Duration maxRetryWait) {
        return new SyncLimits(connectTimeout, requestTimeout, maxPages, maxBytes, retries, backoff, maxRetryWait, grace,
                allowPrivateAddresses);
    }

    public SyncLimits withGrace(Duration grace) {
        return new SyncLimits(connectTimeout, requestTimeout, maxPages, maxBytes, retries, backoff, maxRetryWait, grace,
                allowPrivateAddresses);
    }

    public SyncLimits withRequestTimeout(Duration requestTimeout) {
        return new SyncLimits(connectTimeout, requestTimeout, maxPages, maxBytes, retries, backoff, maxRetryWait, grace,
                allowPrivateAddresses);
    }
}
