package io.jocker.images;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A full image reference, {@code [DOMAIN[:PORT]/]PATH[:TAG][@DIGEST]}, parsed with the grammar and
 * the messages of Docker's reference library (distribution/reference). {@link #parse} takes a
 * reference as it is; {@link #parseNormalized} reads it as the Docker CLI does, so that {@code
 * busybox} is {@code docker.io/library/busybox}.
 *
 * @param domain the registry, empty for a reference without one ({@link #parse} only)
 * @param path the repository within the registry, such as {@code library/busybox}
 * @param tag the tag, or null
 * @param digest the digest, such as {@code sha256:...}, or null
 */
public record ImageName(String domain, String path, String tag, String digest) {

    public static final String DOCKER_HUB = "docker.io";
    private static final String LEGACY_DOCKER_HUB = "index.docker.io";
    private static final String OFFICIAL_PREFIX = "library/";
    private static final int MAX_NAME_LENGTH = 255;

    private static final String ALPHANUMERIC = "[a-z0-9]+";
    private static final String SEPARATOR = "(?:[._]|__|[-]+)";
    private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final String IPV6 = "\\[(?:[a-fA-F0-9:]+)\\]";
    private static final String HOST = "(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*|" + IPV6 + ")";
    private static final String DOMAIN_AND_PORT = HOST + "(?::[0-9]+)?";
    private static final String TAG = "[\\w][\\w.-]{0,127}";
    private static final String DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9A-Fa-f]{32,}";
    private static final String PATH_COMPONENT = ALPHANUMERIC + "(?:" + SEPARATOR + ALPHANUMERIC + ")*";
    private static final String REMOTE_NAME = PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*";
    private static final String NAME = "(?:" + DOMAIN_AND_PORT + "/)?" + REMOTE_NAME;
    private static final Pattern REFERENCE = Pattern.compile("(" + NAME + ")(?::(" + TAG + "))?(?:@(" + DIGEST + "))?");
    private static final Pattern ANCHORED_NAME = Pattern.compile("(?:(" + DOMAIN_AND_PORT + ")/)?(" + REMOTE_NAME + ")");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-f0-9]{64}");
    private static final Pattern ANCHORED_TAG = Pattern.compile(TAG);
    private static final Pattern DIGEST_ANCHORED = Pattern.compile(DIGEST);

    /** distribution/reference's {@code Parse}: no default domain, no default tag. */
    public static ImageName parse(String text) throws InvalidReferenceException {
        String s = text == null ? "" : text;
        Matcher matcher = REFERENCE.matcher(s);
        if (!matcher.matches()) {
            if (s.isEmpty()) {
                throw new InvalidReferenceException("repository name must have at least one component");
            }
            if (REFERENCE.matcher(s.toLowerCase(Locale.ROOT)).matches()) {
                throw new InvalidReferenceException("repository name must be lowercase");
            }
            throw new InvalidReferenceException("invalid reference format");
        }
        String name = matcher.group(1);
        if (name.length() > MAX_NAME_LENGTH) {
            throw new InvalidReferenceException("repository name must not be more than " + MAX_NAME_LENGTH + " characters");
        }
        Matcher parts = ANCHORED_NAME.matcher(name);
        String domain = "";
        String path = name;
        if (parts.matches() && parts.group(1) != null) {
            domain = parts.group(1);
            path = parts.group(2);
        }
        String digest = matcher.group(3);
        if (digest != null) {
            checkDigest(digest);
        }
        return new ImageName(domain, path, matcher.group(2), digest);
    }

    /**
     * distribution/reference's {@code ParseNormalizedNamed}, as {@code docker pull} and {@code docker
     * run} read a name: a name without a domain is on Docker Hub, an official one under {@code library/}.
     */
    public static ImageName parseNormalized(String text) throws InvalidReferenceException {
        String s = text == null ? "" : text;
        if (IDENTIFIER.matcher(s).matches()) {
            throw new InvalidReferenceException("invalid repository name (" + s + "), cannot specify 64-byte hexadecimal strings");
        }
        String[] split = splitDockerDomain(s);
        String remainder = split[1];
        int colon = remainder.indexOf(':');
        String remote = colon >= 0 ? remainder.substring(0, colon) : remainder;
        if (!remote.toLowerCase(Locale.ROOT).equals(remote)) {
            throw new InvalidReferenceException("invalid reference format: repository name (" + remote + ") must be lowercase");
        }
        return parse(split[0] + "/" + remainder);
    }

    /**
     * Whether distribution/reference's {@code ParseAnyReference} reads {@code text} as an image id
     * (64 hex digits, or a digest such as {@code sha256:...}) rather than as a name.
     */
    public static boolean isId(String text) {
        if (text == null || text.contains("/")) {
            return false;
        }
        if (IDENTIFIER.matcher(text).matches()) {
            return true;
        }
        try {
            checkDigest(text);
            return true;
        } catch (InvalidReferenceException e) {
            return false;
        }
    }

    /** go-digest's {@code Parse}, for the algorithms Docker knows. */
    private static void checkDigest(String digest) throws InvalidReferenceException {
        int colon = digest.indexOf(':');
        if (colon <= 0 || colon + 1 == digest.length()) {
            throw new InvalidReferenceException("invalid checksum digest format");
        }
        String encoded = digest.substring(colon + 1);
        int length = switch (digest.substring(0, colon)) {
            case "sha256" -> 64;
            case "sha384" -> 96;
            case "sha512" -> 128;
            default -> -1;
        };
        if (length < 0) {
            if (!DIGEST_ANCHORED.matcher(digest).matches()) {
                throw new InvalidReferenceException("invalid checksum digest format");
            }
            throw new InvalidReferenceException("unsupported digest algorithm");
        }
        if (encoded.length() != length) {
            throw new InvalidReferenceException("invalid checksum digest length");
        }
        if (!encoded.matches("[a-f0-9]+")) {
            throw new InvalidReferenceException("invalid checksum digest format");
        }
    }

    /** The domain and the remote name of a name that has not been validated yet. */
    private static String[] splitDockerDomain(String name) {
        int slash = name.indexOf('/');
        if (slash < 0) {
            return new String[] {DOCKER_HUB, OFFICIAL_PREFIX + name};
        }
        String first = name.substring(0, slash);
        String rest = name.substring(slash + 1);
        String domain;
        String remote;
        if (first.equals("localhost")) {
            domain = first;
            remote = rest;
        } else if (first.equals(LEGACY_DOCKER_HUB)) {
            domain = DOCKER_HUB;
            remote = rest;
        } else if (first.contains(".") || first.contains(":") || !first.toLowerCase(Locale.ROOT).equals(first)) {
            domain = first;
            remote = rest;
        } else {
            domain = DOCKER_HUB;
            remote = name;
        }
        if (domain.equals(DOCKER_HUB) && !remote.contains("/")) {
            remote = OFFICIAL_PREFIX + remote;
        }
        return new String[] {domain, remote};
    }

    /** Checks a tag given apart from a name ({@code push NAME} with {@code -a}, a default tag). */
    public static void checkTag(String tag) throws InvalidReferenceException {
        if (tag == null || !ANCHORED_TAG.matcher(tag).matches()) {
            throw new InvalidReferenceException("invalid tag format");
        }
    }

    /** {@code domain/path}, or {@code path} without a domain. */
    public String name() {
        return domain.isEmpty() ? path : domain + "/" + path;
    }

    /** The name as the Docker CLI shows it: {@code busybox} for {@code docker.io/library/busybox}. */
    public String familiarName() {
        if (!domain.equals(DOCKER_HUB)) {
            return name();
        }
        if (path.startsWith(OFFICIAL_PREFIX) && !path.substring(OFFICIAL_PREFIX.length()).contains("/")) {
            return path.substring(OFFICIAL_PREFIX.length());
        }
        return path;
    }

    /** {@code TagNameOnly}: {@code latest} where neither a tag nor a digest is given. */
    public ImageName withDefaultTag() {
        return tag == null && digest == null ? withTag(Reference.DEFAULT_TAG) : this;
    }

    public ImageName withTag(String newTag) {
        return new ImageName(domain, path, newTag, digest);
    }

    public ImageName withDigest(String newDigest) {
        return new ImageName(domain, path, tag, newDigest);
    }

    /** Only the repository: no tag, no digest. */
    public ImageName repository() {
        return new ImageName(domain, path, null, null);
    }

    /** The tag as the image store records it: the familiar name and the tag. */
    public Reference tagged() {
        return new Reference(familiarName(), tag == null ? Reference.DEFAULT_TAG : tag);
    }

    /** {@code name[:tag][@digest]}. */
    @Override
    public String toString() {
        return suffixed(name());
    }

    /** As {@link #toString()}, with the familiar name. */
    public String familiarString() {
        return suffixed(familiarName());
    }

    private String suffixed(String name) {
        return name + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
    }
}
