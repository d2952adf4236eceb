package io.jocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jocker.cli.template.Template;
import io.jocker.spi.ContainerConfig;
import io.jocker.spi.ContainerRecord;
import io.jocker.spi.ContainerState;
import io.jocker.spi.HostConfig;
import io.jocker.spi.Mount;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PsRowTest {

    private static final String ID = "0123456789ab" + "c".repeat(52);

    private static final ContainerRecord RECORD = ContainerRecord.builder()
            .id(ID)
            .name("web")
            .created(Instant.parse("2024-01-01T00:00:00Z"))
            .image("busybox")
            .imageId("sha256:" + "a".repeat(64))
            .config(ContainerConfig.builder().hostname("web").cmd(List.of("sleep", "1000 with a long argument list"))
                    .labels(Map.of("b", "2", "a", "1")).build())
            .hostConfig(HostConfig.builder().mounts(List.of(
                    new Mount("bind", "/root/containers/" + ID + "/hosts", "/etc/hosts", List.of("rbind")),
                    new Mount("bind", "/root/volumes/data/_data", "/data", List.of("rbind")),
                    new Mount("bind", "/srv/a-very-long-directory-name", "/x", List.of("rbind", "ro")))).build())
            .state(ContainerState.created())
            .storageDriver("overlay")
            .cgroupDriver("v1")
            .build();

    private static String row(String template, boolean trunc) {
        return Template.parse(template).execute(PsRow.of(RECORD, trunc, Instant.parse("2024-01-01T00:00:05Z"),
                m -> m.source().endsWith("/_data") ? Optional.of("data") : Optional.empty()));
    }

    @Test
    void fieldsAreDockersContainerContext() {
        assertEquals("0123456789ab|\"sleep 1000 with a l…\"|a=1,b=2|1|2|Created|5 seconds ago",
                row("{{.ID}}|{{.Command}}|{{.Labels}}|{{.Label \"a\"}}|{{.Label \"b\"}}|{{.Status}}|{{.RunningFor}}", true));
        assertEquals(ID + "|\"sleep 1000 with a long argument list\"", row("{{.ID}}|{{.Command}}", false));
    }

    @Test
    void mountsAreVolumeNamesAndBindSourcesWithoutTheGeneratedEtcFiles() {
        assertEquals("1|data,/srv/a-very-lo…", row("{{.LocalVolumes}}|{{.Mounts}}", true));
        assertEquals("data,/srv/a-very-long-directory-name", row("{{.Mounts}}", false));
    }
}
