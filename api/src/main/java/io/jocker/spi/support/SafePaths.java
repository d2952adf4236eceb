package io.jocker.spi.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/** Resolves hostile relative paths inside a layer without ever following a symlink. */
public final class SafePaths {

    private SafePaths() {}

    /**
     * Resolves {@code relative} under {@code root}, creating missing parent directories one
     * component at a time and refusing a parent that is a symlink or not a directory. The last
     * component is returned as is (it may not exist, or be a symlink).
     */
    public static Path resolveCreatingParents(Path root, String relative) throws IOException {
        List<String> components = components(relative);
        Path current = root;
        for (String component : components.subList(0, components.size() - 1)) {
            current = current.resolve(component);
            BasicFileAttributes attributes = attributesOrNull(current);
            if (attributes == null) {
                Files.createDirectory(current);
            } else if (!attributes.isDirectory() || attributes.isSymbolicLink()) {
                throw new IOException("refusing \"" + relative + "\": " + root.relativize(current)
                        + " is a symlink or not a directory, and writing through it could leave the layer");
            }
        }
        return current.resolve(components.get(components.size() - 1));
    }

    /** The components of a relative path; refuses empty, absolute and {@code ..} paths. */
    public static List<String> components(String relative) throws IOException {
        if (relative == null || relative.startsWith("/")) {
            throw new IOException("refusing path \"" + relative + "\": must be relative to the layer");
        }
        List<String> components = new ArrayList<>();
        for (String component : relative.split("/")) {
            if (component.equals("..")) {
                throw new IOException("refusing path \"" + relative + "\": \"..\" would leave the layer");
            }
            if (!component.isEmpty() && !component.equals(".")) {
                components.add(component);
            }
        }
        if (components.isEmpty()) {
            throw new IOException("refusing path \"" + relative + "\": it names the layer root itself");
        }
        return components;
    }

    public static BasicFileAttributes attributesOrNull(Path path) throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}
