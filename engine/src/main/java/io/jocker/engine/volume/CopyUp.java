package io.jocker.engine.volume;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;

/**
 * Docker's copy-up: an empty volume first mounted where the image has files gets a copy of them,
 * with their owners, modes and times; links are copied as links, never followed.
 */
final class CopyUp {

    private CopyUp() {}

    /** Copies the tree under {@code source} into the existing, empty directory {@code target}. */
    static void copy(Path source, Path target) throws IOException {
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!dir.equals(source)) {
                    Files.copy(dir, target.resolve(source.relativize(dir)), StandardCopyOption.COPY_ATTRIBUTES,
                            LinkOption.NOFOLLOW_LINKS);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, target.resolve(source.relativize(file)), StandardCopyOption.COPY_ATTRIBUTES,
                        LinkOption.NOFOLLOW_LINKS);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                if (exc != null) {
                    throw exc;
                }
                copyAttributes(dir, target.resolve(source.relativize(dir)));
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Directory times change while children are copied in, so they are set again once the directory is full. */
    private static void copyAttributes(Path from, Path to) throws IOException {
        PosixFileAttributes attrs = Files.readAttributes(from, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        PosixFileAttributeView view = Files.getFileAttributeView(to, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        view.setOwner(attrs.owner());
        view.setGroup(attrs.group());
        view.setPermissions(attrs.permissions());
        view.setTimes(attrs.lastModifiedTime(), attrs.lastAccessTime(), null);
    }
}
