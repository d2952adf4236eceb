package io.jocker.images;

/** No image matches a name, tag, id or id prefix. */
public final class ImageNotFoundException extends ImageException {

    /** The name as looked for ({@code busybox:latest}), or null when the message names it otherwise. */
    private final String name;

    public ImageNotFoundException(String message) {
        this(message, null);
    }

    private ImageNotFoundException(String message, String name) {
        super(message);
        this.name = name;
    }

    /** Docker's words where {@code run} or {@code create} would pull next: {@code Unable to find image 'x:latest' locally}. */
    static ImageNotFoundException locally(String name) {
        return new ImageNotFoundException("Unable to find image '" + name + "' locally", name);
    }

    /** Docker's words for the commands that never pull ({@code tag}, {@code rmi}): {@code No such image: x:latest}. */
    ImageNotFoundException asNoSuchImage() {
        return name == null ? this : new ImageNotFoundException("No such image: " + name, name);
    }
}
