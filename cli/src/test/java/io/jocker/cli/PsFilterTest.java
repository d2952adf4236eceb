package io.jocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.engine.base.InvalidRequestException;
import io.jocker.spi.ContainerConfig;
import io.jocker.spi.ContainerRecord;
import io.jocker.spi.ContainerState;
import io.jocker.spi.HostConfig;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PsFilterTest {

    private static final ContainerRecord WEB = record("ab".repeat(32), "web-1", ContainerState.created()
            .running(42, 7, Instant.EPOCH));
    private static final ContainerRecord DB = record("cd".repeat(32), "db", ContainerState.created());

    @Test
    void keysMustAllMatchAndValuesOfOneKeyAreAlternatives() {
        PsFilter filter = PsFilter.parse(List.of("status=running", "status=created", "name=^web"));
        assertTrue(filter.matches(WEB));
        assertFalse(filter.matches(DB));
        assertTrue(PsFilter.parse(List.of("id=cdc", "id=ab")).matches(DB));
        assertFalse(PsFilter.parse(List.of("id=abd")).matches(WEB));
        assertTrue(PsFilter.parse(List.of("name=b-")).matches(WEB), "a name filter matches anywhere in the name");
        assertTrue(PsFilter.parse(List.of()).matches(DB));
    }

    @Test
    void aStatusFilterSelectsStoppedContainersToo() {
        assertTrue(PsFilter.parse(List.of("status=exited")).selectsStatus());
        assertFalse(PsFilter.parse(List.of("name=x")).selectsStatus());
    }

    @Test
    void aContainerInItsRestartPolicysBackOffReadsAsDockersRestarting() {
        Instant exitedAt = Instant.parse("2024-01-01T00:00:00Z");
        ContainerState restarting = ContainerState.created().running(42, 7, exitedAt.minusSeconds(60))
                .exited(3, false, exitedAt, "").withStatus(ContainerState.Status.RESTARTING);
        ContainerRecord loop = record("ef".repeat(32), "loop", restarting);

        assertEquals("Restarting (3) 5 seconds ago", PsCommand.status(restarting, exitedAt.plusSeconds(5)));
        assertEquals("Restarting (unknown) 1 second ago", PsCommand.status(ContainerState.created().running(42, 7, exitedAt)
                .exited(null, false, exitedAt, "").withStatus(ContainerState.Status.RESTARTING), exitedAt.plusSeconds(1)));
        assertTrue(PsFilter.parse(List.of("status=restarting")).matches(loop));
        assertFalse(PsFilter.parse(List.of("status=running")).matches(loop), "Docker's status filter tells them apart");
        assertFalse(PsFilter.parse(List.of("status=restarting")).matches(WEB));
    }

    @Test
    void labelFiltersMustAllMatchByKeyOrByKeyAndValue() {
        ContainerRecord labelled = labelled(Map.of("tier", "web", "env", ""));
        assertTrue(PsFilter.parse(List.of("label=tier")).matches(labelled));
        assertTrue(PsFilter.parse(List.of("label=tier=web", "label=env")).matches(labelled));
        assertTrue(PsFilter.parse(List.of("label=env=")).matches(labelled), "an empty value is a value");
        assertFalse(PsFilter.parse(List.of("label=tier=db")).matches(labelled));
        assertFalse(PsFilter.parse(List.of("label=tier=web", "label=other")).matches(labelled), "every label must match");
        assertFalse(PsFilter.parse(List.of("label=tier")).matches(DB));
    }

    @Test
    void badFiltersAreRefused() {
        assertEquals("invalid filter 'status=sleeping'",
                assertThrows(InvalidRequestException.class, () -> PsFilter.parse(List.of("status=sleeping"))).getMessage());
        assertEquals("invalid filter 'colour'",
                assertThrows(InvalidRequestException.class, () -> PsFilter.parse(List.of("colour=red"))).getMessage());
        assertThrows(InvalidRequestException.class, () -> PsFilter.parse(List.of("status")));
        assertThrows(InvalidRequestException.class, () -> PsFilter.parse(List.of("name=[")));
    }

    private static ContainerRecord record(String id, String name, ContainerState state) {
        return record(id, name, state, Map.of());
    }

    private static ContainerRecord labelled(Map<String, String> labels) {
        return record("ef".repeat(32), "labelled", ContainerState.created(), labels);
    }

    private static ContainerRecord record(String id, String name, ContainerState state, Map<String, String> labels) {
        ContainerConfig config = ContainerConfig.builder().hostname("h").cmd(List.of("sh")).labels(labels).build();
        return ContainerRecord.builder().id(id).name(name).created(Instant.EPOCH).image("busybox").imageId("sha256:x")
                .config(config).hostConfig(HostConfig.builder().build()).state(state).storageDriver("overlay")
                .cgroupDriver("cgroupfs").build();
    }
}
