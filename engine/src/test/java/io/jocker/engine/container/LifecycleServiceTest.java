package io.jocker.engine.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.engine.base.InvalidRequestException;
import io.jocker.engine.events.Event;
import io.jocker.spi.ContainerRecord;
import io.jocker.spi.ContainerState.Status;
import io.jocker.spi.ContainerState;
import io.jocker.spi.Resources;
import io.jocker.spi.RestartPolicy;
import io.jocker.spi.StateStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** stop, kill and wait on containers in a restart policy's back-off, with a real state store. */
class LifecycleServiceTest {

    @TempDir
    java.nio.file.Path root;

    private ContainerTestbed bed;
    private ContainerService containers;
    private LifecycleService lifecycle;
    private StateStore.Lock supervisor;

    @BeforeEach
    void setUp() throws Exception {
        bed = new ContainerTestbed(root);
        containers = bed.containers();
        lifecycle = new LifecycleService(() -> bed.store, bed.lookup, containers, bed.drivers, bed.events);
        supervisor = bed.supervisorRuns();
    }

    @AfterEach
    void tearDown() throws Exception {
        supervisor.close();
    }

    @Test
    void stopEndsTheBackOffAtOnceKeepingTheRecordedExit() throws Exception {
        ContainerRecord record = bed.restarting("loop", 3, 4);

        ContainerRecord stopped = lifecycle.stop("loop", null, 10);

        assertEquals(Status.EXITED, stopped.state().status());
        assertEquals(3, stopped.state().exitCode());
        assertEquals(record.state().finishedAt(), stopped.state().finishedAt());
        assertEquals(4, stopped.restartCount());
        assertEquals(stopped, bed.store.load(record.id()).orElseThrow());
        assertTrue(UserStops.isMarked(containers.directory(record.id())));
    }

    @Test
    void killOfARestartingContainerSucceedsAndEndsTheRestart() throws Exception {
        ContainerRecord record = bed.restarting("loop", 3, 1);

        lifecycle.kill("loop", 9);

        ContainerState state = bed.store.load(record.id()).orElseThrow().state();
        assertEquals(Status.EXITED, state.status());
        assertEquals(3, state.exitCode());
        assertTrue(UserStops.isMarked(containers.directory(record.id())));
    }

    @Test
    void killWithAnySignalCountsAsAStopByTheUser() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        try {
            ContainerRecord record = bed.running("svc", sleeper, new io.jocker.spi.RestartPolicy("always", 0));

            lifecycle.kill("svc", 28);

            assertTrue(sleeper.isAlive(), "SIGWINCH does not end sleep");
            assertTrue(UserStops.isMarked(containers.directory(record.id())),
                    "moby marks HasBeenManuallyStopped and cancels the restart for any signal");
        } finally {
            sleeper.destroyForcibly().waitFor();
        }
    }

    @Test
    void stopRecordsTheSignalTheDeathAndTheStopAsDockerDoes() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        try {
            ContainerRecord record = bed.running("svc", sleeper, RestartPolicy.NO);

            // Nobody reaps this container: its death is found by stop's own wait, and recorded then.
            lifecycle.stop("svc", null, 30);

            assertEquals(List.of("kill", "die", "stop"), bed.recorded.stream().map(Event::action).toList());
            assertEquals("15", bed.recorded.get(0).attributes().get("signal"));
            assertTrue(bed.recorded.stream().allMatch(e -> e.actorId().equals(record.id())));
        } finally {
            sleeper.destroyForcibly().waitFor();
        }
    }

    @Test
    void killAndRenameAreRecorded() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        try {
            bed.running("svc", sleeper, RestartPolicy.NO);

            lifecycle.kill("svc", 28);
            lifecycle.rename("svc", "/web");

            assertEquals(List.of("kill", "rename"), bed.recorded.stream().map(Event::action).toList());
            assertEquals("28", bed.recorded.get(0).attributes().get("signal"));
            assertEquals(Map.of("image", "busybox", "name", "web", "oldName", "/svc"), bed.recorded.get(1).attributes());
        } finally {
            sleeper.destroyForcibly().waitFor();
        }
    }

    @Test
    void killWithAnotherSignalThanTheContainersStopSignalKeepsItsRestartPolicy() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        try {
            ContainerRecord record = bed.running("svc", sleeper, new io.jocker.spi.RestartPolicy("always", 0), "SIGUSR1");

            lifecycle.kill("svc", 28);
            assertFalse(UserStops.isMarked(containers.directory(record.id())), "moby's ExitOnNext only for the stop signal");

            lifecycle.kill("svc", 10);
            assertTrue(UserStops.isMarked(containers.directory(record.id())));
        } finally {
            sleeper.destroyForcibly().waitFor();
        }
    }

    @Test
    void aRefusedKillRecordsNothing() throws Exception {
        bed.exited("down", Resources.none());

        assertThrows(InvalidRequestException.class, () -> lifecycle.kill("down", 9));

        assertEquals(List.of(), bed.recorded);
    }

    @Test
    void killOfAContainerThatDoesNotRunIsRefusedAndRecordsNoStop() throws Exception {
        ContainerRecord record = bed.exited("down", Resources.none());

        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> lifecycle.kill("down", 9));

        assertEquals("Cannot kill container: down: Container " + record.id() + " is not running", e.getMessage());
        assertFalse(UserStops.isMarked(containers.directory(record.id())));
    }

    @Test
    void waitReturnsTheExitCodeOnceTheBackOffBegins() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        try {
            ContainerRecord running = bed.running("loop", sleeper, new io.jocker.spi.RestartPolicy("always", 0));
            CompletableFuture<ContainerRecord> waited = CompletableFuture.supplyAsync(() -> lifecycle.await("loop"));
            assertStillWaiting(waited);

            bed.store.save(running.withState(running.state().exited(3, false, Instant.now(), "").withStatus(Status.RESTARTING)));

            ContainerRecord ended = waited.get(10, TimeUnit.SECONDS);
            assertEquals(Status.RESTARTING, ended.state().status());
            assertEquals(3, ended.state().exitCode());
        } finally {
            sleeper.destroyForcibly().waitFor();
        }
    }

    @Test
    void waitOnARestartingContainerReturnsWhenItsNextRunEnds() throws Exception {
        ContainerRecord restarting = bed.restarting("loop", 3, 1);
        CompletableFuture<ContainerRecord> waited = CompletableFuture.supplyAsync(() -> lifecycle.await("loop"));
        assertStillWaiting(waited);
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        try {
            ContainerState running = restarting.state().running(sleeper.pid(),
                    io.jocker.linux.ProcStat.startTime(sleeper.pid()).orElseThrow(), Instant.now());
            bed.store.save(restarting.withState(running));
            assertStillWaiting(waited);

            bed.store.save(restarting.withState(running.exited(4, false, Instant.now(), "").withStatus(Status.RESTARTING)));

            assertEquals(4, waited.get(10, TimeUnit.SECONDS).state().exitCode());
        } finally {
            sleeper.destroyForcibly().waitFor();
        }
    }

    @Test
    void waitOnARestartingContainerNobodyWillRestartReturnsItsExit() throws Exception {
        supervisor.close();
        bed.restarting("orphan", 3, 1);

        ContainerRecord ended = lifecycle.await("orphan");

        assertEquals(Status.EXITED, ended.state().status());
        assertEquals(3, ended.state().exitCode());
    }

    private static void assertStillWaiting(CompletableFuture<ContainerRecord> waited) throws Exception {
        assertThrows(TimeoutException.class, () -> waited.get(300, TimeUnit.MILLISECONDS));
    }
}
