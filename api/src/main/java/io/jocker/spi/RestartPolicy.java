package io.jocker.spi;

/**
 * Docker's restart policy.
 *
 * @param name {@code no}, {@code on-failure}, {@code always} or {@code unless-stopped}
 * @param maximumRetryCount the limit for {@code on-failure}, 0 for none
 */
public record RestartPolicy(String name, int maximumRetryCount) {

    public static final RestartPolicy NO = new RestartPolicy("no", 0);
}
