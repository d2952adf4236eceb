package io.jocker.engine.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.Consumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Builds tar archives for tests, hostile ones included. */
final class Tars {

    static final Instant MTIME = Instant.parse("2020-02-03T04:05:06Z");

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes);

    Tars() {
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    }

    Tars dir(String name, int mode) {
        return entry(new TarArchiveEntry(name, TarConstants.LF_DIR), e -> e.setMode(040000 | mode), null);
    }

    Tars file(String name, String content) {
        return file(name, content, 0644, 0, 0);
    }

    Tars file(String name, String content, int mode, int uid, int gid) {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        return entry(new TarArchiveEntry(name, TarConstants.LF_NORMAL), e -> {
            e.setMode(0100000 | mode);
            e.setSize(data.length);
            e.setUserId(uid);
            e.setGroupId(gid);
        }, data);
    }

    Tars file(String name, byte[] data) {
        return entry(new TarArchiveEntry(name, TarConstants.LF_NORMAL), e -> {
            e.setMode(0100644);
            e.setSize(data.length);
        }, data);
    }

    Tars symlink(String name, String target) {
        return entry(new TarArchiveEntry(name, TarConstants.LF_SYMLINK), e -> e.setLinkName(target), null);
    }

    Tars hardlink(String name, String target) {
        return entry(new TarArchiveEntry(name, TarConstants.LF_LINK), e -> e.setLinkName(target), null);
    }

    /** A hard link whose header carries {@code mode}, as tar writes the mode of the file it links to. */
    Tars hardlink(String name, String target, int mode) {
        return entry(new TarArchiveEntry(name, TarConstants.LF_LINK), e -> {
            e.setLinkName(target);
            e.setMode(mode);
        }, null);
    }

    Tars device(String name, byte type, int major, int minor) {
        return entry(new TarArchiveEntry(name, type), e -> {
            e.setDevMajor(major);
            e.setDevMinor(minor);
            e.setMode(0660);
        }, null);
    }

    private Tars entry(TarArchiveEntry entry, Consumer<TarArchiveEntry> setup, byte[] data) {
        try {
            entry.setModTime(MTIME.toEpochMilli());
            setup.accept(entry);
            tar.putArchiveEntry(entry);
            if (data != null) {
                tar.write(data);
            }
            tar.closeArchiveEntry();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    byte[] bytes() {
        try {
            tar.finish();
            tar.close();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
