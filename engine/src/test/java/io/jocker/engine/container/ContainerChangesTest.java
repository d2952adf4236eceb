package io.jocker.engine.container;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jocker.engine.container.ContainerChanges.Attributes;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Docker's {@code OverlayChanges} rules, on the events of a walk of a writable layer. */
class ContainerChangesTest {

    private static final Attributes DIR = new Attributes(true, 4096, 040755, 100, 0);
    private static final Attributes TOUCHED_DIR = new Attributes(true, 4096, 040755, 200, 0);
    private static final Attributes FILE = new Attributes(false, 5, 0100644, 100, 0);

    private final ContainerChanges changes = new ContainerChanges();

    @Test
    void addedChangedAndDeletedWithTheirParentsChanged() {
        changes.changed("/etc", DIR, DIR);
        changes.changed("/etc/new", FILE, null);
        changes.changed("/etc/passwd", FILE, FILE);
        changes.changed("/tmp", TOUCHED_DIR, DIR);
        changes.deleted("/usr/bin/vi");
        changes.changed("/added", DIR, null);
        changes.changed("/added/file", FILE, null);
        assertEquals(List.of("C /etc", "A /etc/new", "C /etc/passwd", "C /tmp", "C /usr/bin", "D /usr/bin/vi", "A /added",
                "A /added/file"), lines());
    }

    @Test
    void aDirectoryIdenticalToTheImagesIsLeftOut() {
        changes.changed("/var", DIR, DIR);
        changes.changed("/var/log", DIR, new Attributes(true, 4096, 040755, 100, 123));
        changes.changed("/var/log/changed", FILE, FILE);
        assertEquals(List.of("C /var/log/changed"), lines());
    }

    @Test
    void anOpaqueDirectoryReplacingTheImagesIsDeletedThenFilled() {
        changes.changed("/opt", TOUCHED_DIR, DIR);
        changes.opaque("/opt", true);
        changes.changed("/opt/new", FILE, null);
        changes.changed("/fresh", DIR, null);
        changes.opaque("/fresh", false);
        assertEquals(List.of("D /opt", "A /opt/new", "A /fresh"), lines());
    }

    @Test
    void aDeletionAtTheTopChangesNoParent() {
        changes.deleted("/home");
        assertEquals(List.of("D /home"), lines());
    }

    private List<String> lines() {
        return changes.list().stream().map(Object::toString).toList();
    }
}
