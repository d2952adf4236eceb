package io.jocker.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TempFileTest {

    @TempDir
    Path dir;

    @Test
    void aFileBeingWrittenHasNoNameUntilItIsMoved() throws Exception {
        Path target = dir.resolve("archive.tar");
        try (TempFile temp = TempFile.in(dir, 0600)) {
            Files.writeString(temp.path(), "content");
            assertEquals(List.of(), names(), "nothing a killed process could leave behind");
            temp.moveTo(target);
        }
        assertEquals(List.of("archive.tar"), names());
        assertEquals("content", Files.readString(target));
    }

    @Test
    void oneThatIsNotMovedIsGoneWhenClosed() throws Exception {
        try (TempFile temp = TempFile.in(dir, 0600)) {
            Files.writeString(temp.path(), "content");
        }
        assertEquals(List.of(), names());
    }

    @Test
    void movingReplacesAnExistingFileAndLeavesNoOtherName() throws Exception {
        Path target = dir.resolve("repositories.json");
        Files.writeString(target, "old");
        try (TempFile temp = TempFile.in(dir, 0600)) {
            Files.writeString(temp.path(), "new");
            temp.moveTo(target);
        }
        assertEquals(List.of("repositories.json"), names());
        assertEquals("new", Files.readString(target));
    }

    @Test
    void atomicWritesLeaveOnlyTheTarget() throws Exception {
        Path target = dir.resolve("sub/config.json");
        AtomicFiles.write(target, "{}".getBytes());
        AtomicFiles.write(target, "{\"a\":1}".getBytes());
        assertEquals("{\"a\":1}", Files.readString(target));
        try (Stream<Path> files = Files.list(target.getParent())) {
            assertEquals(List.of(target), files.toList());
        }
    }

    @Test
    void hiddenFilesOfProcessesThatAreGoneAreRemoved() throws Exception {
        Path abandoned = Files.createFile(dir.resolve(".tmp-999999999-0123456789abcdef"));
        Path ours = Files.createFile(dir.resolve(".tmp-" + ProcessHandle.current().pid() + "-0123456789abcdef"));
        Path other = Files.createFile(dir.resolve(".tmp-notes"));

        TempFile.removeAbandoned(dir);

        assertFalse(Files.exists(abandoned));
        assertTrue(Files.exists(ours));
        assertTrue(Files.exists(other));
    }

    private List<String> names() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
