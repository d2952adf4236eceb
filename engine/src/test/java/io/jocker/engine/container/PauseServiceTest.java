package io.jocker.engine.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.jocker.engine.base.EngineException;
import io.jocker.engine.base.InvalidRequestException;
import io.jocker.engine.events.Event;
import io.jocker.spi.CgroupException;
import io.jocker.spi.ContainerCgroup;
import io.jocker.spi.ContainerRecord;
import io.jocker.spi.ContainerState.Status;
import io.jocker.spi.Resources;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PauseServiceTest {

    @TempDir
    Path root;

    private final ContainerCgroup cgroup = mock(ContainerCgroup.class);
    private ContainerTestbed bed;
    private PauseService service;

    @BeforeEach
    void setUp() {
        bed = new ContainerTestbed(root);
        service = new PauseService(() -> bed.store, bed.drivers, bed.lookup, bed.containers(), bed.events);
    }

    @Test
    void pauseFreezesTheCgroupAndRecordsPaused() throws Exception {
        ContainerRecord record = bed.running("web", Status.RUNNING, Resources.none());
        when(bed.cgroups.open(record.id())).thenReturn(Optional.of(cgroup));

        ContainerRecord paused = service.pause("web");

        verify(cgroup).freeze();
        assertEquals(Status.PAUSED, paused.state().status());
        assertEquals(Status.PAUSED, bed.store.load(record.id()).orElseThrow().state().status());
        assertEquals(record.state().pid(), paused.state().pid());
        assertEquals(List.of("pause"), bed.recorded.stream().map(Event::action).toList());
    }

    @Test
    void unpauseThawsTheCgroupAndRecordsRunning() throws Exception {
        ContainerRecord record = bed.running("web", Status.PAUSED, Resources.none());
        when(bed.cgroups.open(record.id())).thenReturn(Optional.of(cgroup));

        service.unpause(record.id().substring(0, 8));

        verify(cgroup).thaw();
        assertEquals(Status.RUNNING, bed.store.load(record.id()).orElseThrow().state().status());
        assertEquals(List.of("unpause"), bed.recorded.stream().map(Event::action).toList());
    }

    @Test
    void errorsUseDockersWordingAndChangeNothing() throws Exception {
        ContainerRecord running = bed.running("up", Status.RUNNING, Resources.none());
        ContainerRecord paused = bed.running("frozen", Status.PAUSED, Resources.none());
        ContainerRecord exited = bed.exited("down", Resources.none());

        assertEquals("Container " + exited.id() + " is not running",
                assertThrows(InvalidRequestException.class, () -> service.pause("down")).getMessage());
        assertEquals("Container " + exited.id() + " is not running",
                assertThrows(InvalidRequestException.class, () -> service.unpause("down")).getMessage());
        assertEquals("Container " + paused.id() + " is already paused",
                assertThrows(InvalidRequestException.class, () -> service.pause("frozen")).getMessage());
        assertEquals("Container " + running.id() + " is not paused",
                assertThrows(InvalidRequestException.class, () -> service.unpause("up")).getMessage());
        assertEquals("No such container: nosuch",
                assertThrows(NoSuchContainerException.class, () -> service.pause("nosuch")).getMessage());
        verify(bed.cgroups, never()).open(running.id());
        assertEquals(Status.RUNNING, bed.store.load(running.id()).orElseThrow().state().status());
        assertEquals(Status.PAUSED, bed.store.load(paused.id()).orElseThrow().state().status());
    }

    @Test
    void aContainerInItsRestartPolicysBackOffCannotBePausedNorUnpaused() throws Exception {
        ContainerRecord record = bed.restarting("loop", 3, 1);

        assertEquals("Container " + record.id() + " is restarting, wait until the container is running",
                assertThrows(InvalidRequestException.class, () -> service.pause("loop")).getMessage());
        assertEquals("Container " + record.id() + " is not paused",
                assertThrows(InvalidRequestException.class, () -> service.unpause("loop")).getMessage());
        assertEquals(Status.RESTARTING, bed.store.load(record.id()).orElseThrow().state().status());
    }

    @Test
    void aRecordSayingRunningWhoseProcessIsGoneIsNotRunning() throws Exception {
        ContainerRecord record = bed.running("stale", Status.RUNNING, Resources.none());
        bed.store.save(record.withState(new io.jocker.spi.ContainerState(Status.RUNNING, record.state().pid(),
                record.state().pidStartTime() + 1, null, false, record.state().startedAt(), null, "")));

        assertThrows(InvalidRequestException.class, () -> service.pause("stale"));
    }

    @Test
    void aFreezerFailureKeepsTheRecordRunningAndNamesTheCause() throws Exception {
        ContainerRecord record = bed.running("web", Status.RUNNING, Resources.none());
        when(bed.cgroups.open(record.id())).thenReturn(Optional.of(cgroup));
        doThrow(new CgroupException("cgroup v1 controller \"freezer\" is not mounted on this host; cannot pause"))
                .when(cgroup).freeze();

        EngineException e = assertThrows(EngineException.class, () -> service.pause("web"));

        assertEquals("Cannot pause container " + record.id()
                + ": cgroup v1 controller \"freezer\" is not mounted on this host; cannot pause", e.getMessage());
        assertEquals(Status.RUNNING, bed.store.load(record.id()).orElseThrow().state().status());
    }

    @Test
    void aContainerWhoseCgroupVanishedCannotBePaused() throws Exception {
        ContainerRecord record = bed.running("web", Status.RUNNING, Resources.none());
        when(bed.cgroups.open(record.id())).thenReturn(Optional.empty());

        EngineException e = assertThrows(EngineException.class, () -> service.pause("web"));

        assertEquals("Cannot pause container " + record.id() + ": its cgroup is gone", e.getMessage());
        assertEquals(Status.RUNNING, bed.store.load(record.id()).orElseThrow().state().status());
    }
}
