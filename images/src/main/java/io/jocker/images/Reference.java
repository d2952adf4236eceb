package io.jocker.images;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An image reference {@code [HOST[:PORT]/]PATH[:TAG]} parsed with Docker's grammar, without
 * normalising to {@code docker.io/library/}: names are stored as the user wrote them.
 *
 * @param repository the name without the tag, for example {@code busybox} or {@code localhost:5000/a/b}
 * @param tag the tag, {@code latest} when none was given
 */
public record Reference(String repository, String tag) {

    public static final String DEFAULT_TAG = "latest";

    private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final String DOMAIN = DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*(?::[0-9]+)?";
    private static final String PATH_COMPONENT = "[a-z0-9]+(?:(?:[._]|__|[-]*)[a-z0-9]+)*";
    private static final String NAME = "(?:" + DOMAIN + "/)?" + PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*";
    private static final Pattern REFERENCE = Pattern.compile("(" + NAME + ")(?::([\\w][\\w.-]{0,127}))?");
    private static final int MAX_NAME_LENGTH = 255;

    /** Parses {@code REPO[:TAG]}; the messages are Docker's. */
    public static Reference parse(String text) throws InvalidReferenceException {
        var matcher = REFERENCE.matcher(text == null ? "" : text);
        if (!matcher.matches()) {
            if (text != null && !text.isEmpty() && REFERENCE.matcher(text.toLowerCase(Locale.ROOT)).matches()) {
                throw new InvalidReferenceException("invalid reference format: repository name must be lowercase");
            }
            throw new InvalidReferenceException("invalid reference format");
        }
        String repository = matcher.group(1);
        if (repository.length() > MAX_NAME_LENGTH) {
            throw new InvalidReferenceException("invalid reference format: repository name must not be more than "
                    + MAX_NAME_LENGTH + " characters");
        }
        String tag = matcher.group(2);
        return new Reference(repository, tag == null ? DEFAULT_TAG : tag);
    }

    /** {@code repository:tag}. */
    @Override
    public String toString() {
        return repository + ":" + tag;
    }
}
