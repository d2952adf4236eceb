package io.jocker.engine.container;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.seccomp.SeccompProfileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeccompFilterCacheTest {

    @TempDir
    Path dir;

    private List<Path> entries() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }

    @Test
    void compilesOnceAndThenReadsTheProgram() throws Exception {
        SeccompFilterCache cache = new SeccompFilterCache(dir);
        byte[] first = cache.filter(null, Set.copyOf(DefaultSecurity.CAPABILITIES));
        assertEquals(0, first.length % 8);
        List<Path> entries = entries();
        assertEquals(1, entries.size(), entries::toString);
        // What is read back is what the cache holds: a marked entry proves no recompilation.
        byte[] marked = first.clone();
        marked[first.length - 1] ^= 1;
        Files.write(entries.get(0), marked);
        assertArrayEquals(marked, cache.filter(null, Set.copyOf(DefaultSecurity.CAPABILITIES)));
    }

    @Test
    void aDamagedEntryIsCompiledAgainAndOtherInputsGetOtherEntries() throws Exception {
        SeccompFilterCache cache = new SeccompFilterCache(dir);
        byte[] program = cache.filter(null, Set.of());
        Files.write(entries().get(0), new byte[] {1, 2, 3});
        assertArrayEquals(program, cache.filter(null, Set.of()));
        byte[] admin = cache.filter(null, Set.of("CAP_SYS_ADMIN"));
        assertNotEquals(program.length, admin.length, "CAP_SYS_ADMIN's rules change the program");
        cache.filter("{\"defaultAction\":\"SCMP_ACT_ALLOW\"}", Set.of());
        assertEquals(3, entries().size());
        assertTrue(entries().stream().allMatch(p -> p.getFileName().toString().endsWith(".bpf")), entries()::toString);
    }

    @Test
    void aBadProfileIsReportedAndNotCached() throws Exception {
        SeccompFilterCache cache = new SeccompFilterCache(dir);
        assertThrows(SeccompProfileException.class, () -> cache.filter("{\"defaultAction\":\"SCMP_ACT_NO\"}", Set.of()));
        assertEquals(List.of(), entries());
    }
}
