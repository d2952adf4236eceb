package io.jocker.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jocker.cli.template.Template;
import io.jocker.spi.ContainerConfig;
import io.jocker.spi.ContainerRecord;
import io.jocker.spi.ContainerState;
import io.jocker.spi.HostConfig;
import io.jocker.spi.Mount;
import io.jocker.spi.Resources;
import io.jocker.spi.RestartPolicy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PsRowTest {

    private static final String ID = "0123456789ab" + "c".repeat(52);

    private static final ContainerRecord RECORD = new ContainerRecord(ID, "web", Instant.parse("2024-01-01T00:00:00Z"), "busybox",
            "sha256:" + "a".repeat(64),
            new ContainerConfig("web", "", List.of(), List.of("sleep", "1000 with a long argument list"), List.of(), "", false,
                    false, false, Map.of("b", "2", "a", "1")),
            new HostConfig(Resources.none(), List.of(
                    new Mount("bind", "/root/containers/" + ID + "/hosts", "/etc/hosts", List.of("rbind")),
                    new Mount("bind", "/root/volumes/data/_data", "/data", List.of("rbind")),
                    new Mount("bind", "/srv/a-very-long-directory-name", "/x", List.of("rbind", "ro"))),
                    false, false, false, RestartPolicy.NO),
            ContainerState.created(), "overlay", "v1", 0);

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
