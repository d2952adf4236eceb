package io.jocker.engine.container;

import io.jocker.engine.base.InvalidRequestException;
import io.jocker.spi.ContainerRecord;
import io.jocker.spi.RestartPolicy;
import java.time.Duration;

/** Docker's {@code --restart} values, and whether a container that just exited is restarted. */
public final class RestartPolicies {

    private static final Duration FIRST_DELAY = Duration.ofMillis(100);
    private static final Duration MAX_DELAY = Duration.ofSeconds(60);

    private RestartPolicies() {}

    /** Parses {@code no}, {@code always}, {@code unless-stopped} or {@code on-failure[:N]}. */
    public static RestartPolicy parse(String value) {
        int colon = value.indexOf(':');
        String name = colon < 0 ? value : value.substring(0, colon);
        String count = colon < 0 ? null : value.substring(colon + 1);
        switch (name) {
            case "no", "always", "unless-stopped" -> {
                if (count != null) {
                    throw new InvalidRequestException("maximum retry count cannot be used with restart policy '" + name + "'");
                }
                return new RestartPolicy(name, 0);
            }
            case "on-failure" -> {
                return new RestartPolicy(name, count == null ? 0 : retryCount(count));
            }
            default -> throw new InvalidRequestException("invalid restart policy '" + value
                    + "': use no, always, unless-stopped or on-failure[:max-retries]");
        }
    }

    private static int retryCount(String count) {
        try {
            int n = Integer.parseInt(count);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // Refused below.
        }
        throw new InvalidRequestException("invalid restart policy: maximum retry count must be a number of 0 or more, got '" + count + "'");
    }

    /**
     * Whether a container that exited is started again: never after the user stopped or killed it
     * ({@link UserStops}); an exit status nobody could observe counts as a failure.
     */
    public static boolean shouldRestart(ContainerRecord exited, boolean stoppedByUser) {
        RestartPolicy policy = exited.hostConfig().restartPolicy();
        if (stoppedByUser || exited.hostConfig().autoRemove()) {
            return false;
        }
        return switch (policy.name()) {
            case "always", "unless-stopped" -> true;
            case "on-failure" -> !Integer.valueOf(0).equals(exited.state().exitCode())
                    && (policy.maximumRetryCount() == 0 || exited.restartCount() < policy.maximumRetryCount());
            default -> false;
        };
    }

    /**
     * Docker's back-off before restart number {@code restart} (1 for the first): 100 ms, doubled
     * on every restart, at most a minute.
     */
    public static Duration delay(int restart) {
        Duration delay = FIRST_DELAY;
        for (int i = 1; i < restart && delay.compareTo(MAX_DELAY) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
    }
}
