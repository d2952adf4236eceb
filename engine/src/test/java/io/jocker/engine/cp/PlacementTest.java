package io.jocker.engine.cp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jocker.engine.cp.Placement.Destination;
import org.junit.jupiter.api.Test;

/** Docker's {@code PrepareArchiveCopy}, case by case, and its entry rebasing. */
class PlacementTest {

    @Test
    void intoAnExistingDirectoryNothingIsRenamed() {
        Placement p = Placement.of("src", true, new Destination("/tmp/dst", true, true));
        assertEquals("/tmp/dst", p.directory());
        assertEquals("src/a", p.rename().apply("src/a"));
    }

    @Test
    void aDirectoryOntoAFileIsRefused() {
        CopyException e = assertThrows(CopyException.class, () -> Placement.of("src", true, new Destination("/tmp/f", true, false)));
        assertEquals("cannot copy directory", e.getMessage());
    }

    @Test
    void aFileOntoAFileTakesItsName() {
        Placement p = Placement.of("src.txt", false, new Destination("/tmp/old.txt", true, false));
        assertEquals("/tmp", p.directory());
        assertEquals("old.txt", p.rename().apply("src.txt"));
    }

    @Test
    void aDirectoryToANewNameBecomesIt() {
        Placement p = Placement.of("src", true, new Destination("/tmp/new", false, false));
        assertEquals("/tmp", p.directory());
        assertEquals("new/", p.rename().apply("src/"));
        assertEquals("new/a/b", p.rename().apply("src/a/b"));
        assertEquals("srcx/a", p.rename().apply("srcx/a"));
    }

    @Test
    void aDirectorysContentToANewName() {
        Placement p = Placement.of(".", true, new Destination("/tmp/new", false, false));
        assertEquals("new/", p.rename().apply("./"));
        assertEquals("new/a", p.rename().apply("./a"));
    }

    @Test
    void aFileToAMissingDirectoryIsRefused() {
        CopyException e = assertThrows(CopyException.class, () -> Placement.of("f", false, new Destination("/tmp/none/", false, false)));
        assertEquals("no such directory", e.getMessage());
    }

    @Test
    void anEmptyOldBasePrefixesEveryName() {
        assertEquals("new/bin/sh", Placement.rebase("/", "new").apply("/bin/sh"));
        assertEquals("bin/sh", Placement.rebase("", "").apply("//bin/sh"));
    }
}
