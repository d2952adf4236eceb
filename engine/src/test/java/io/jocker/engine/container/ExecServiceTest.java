package io.jocker.engine.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jocker.engine.base.InvalidRequestException;
import io.jocker.spi.ContainerConfig;
import io.jocker.spi.ContainerRecord;
import io.jocker.spi.ContainerState;
import io.jocker.spi.HostConfig;
import io.jocker.spi.ProcessSpec;
import io.jocker.spi.User;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecServiceTest {

    @TempDir
    Path rootfs;

    private ContainerRecord record(String user, String workdir) {
        ContainerConfig config = ContainerConfig.builder().hostname("web1").user(user)
                .env(List.of("PATH=/bin", "FROM_RUN=1")).cmd(List.of("sleep", "9")).workingDir(workdir).build();
        return ContainerRecord.builder().id("f".repeat(64)).name("web").created(Instant.now()).image("busybox")
                .imageId("sha256:1").config(config).hostConfig(HostConfig.builder().build()).state(ContainerState.created())
                .storageDriver("overlay").cgroupDriver("v1").build();
    }

    @Test
    void theProcessGetsTheContainersEnvironmentPlusItsOwnAndNothingElse() throws Exception {
        Files.createDirectories(rootfs.resolve("etc"));
        Files.writeString(rootfs.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\napp:x:100:101::/home/app:/bin/sh\n");

        ProcessSpec p = ExecService.process(record("app", "/srv"),
                new ExecRequest(List.of("env"), List.of("FROM_EXEC=2", "FROM_RUN=overridden"), null, null, true, false), rootfs);

        assertEquals(List.of("env"), p.args());
        assertEquals("/srv", p.cwd());
        assertEquals(new User(100, 101, List.of()), p.user());
        assertTrue(p.env().containsAll(List.of("HOSTNAME=web1", "HOME=/home/app", "TERM=xterm", "PATH=/bin",
                "FROM_RUN=overridden", "FROM_EXEC=2")), p.env().toString());
        assertEquals(6, p.env().size(), p.env().toString());
    }

    @Test
    void flagsOverrideTheContainersUserAndDirectory() throws Exception {
        ProcessSpec p = ExecService.process(record("app", "/srv"),
                new ExecRequest(List.of("id"), List.of(), "/tmp", "1000:1000", false, false), rootfs);

        assertEquals("/tmp", p.cwd());
        assertEquals(new User(1000, 1000, List.of()), p.user());
        assertTrue(p.env().stream().noneMatch(e -> e.startsWith("TERM=")));
    }

    @Test
    void aRelativeWorkingDirectoryIsRefused() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> ExecService.process(record("", ""),
                new ExecRequest(List.of("id"), List.of(), "tmp", null, false, false), rootfs));
        assertEquals("the working directory 'tmp' is invalid, it needs to be an absolute path", e.getMessage());
    }

    @Test
    void aNulByteInWhatReachesTheKernelIsRefusedByName() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> ExecService.process(record("", ""),
                new ExecRequest(List.of("id"), List.of("A=1\0B"), null, null, false, false), rootfs));
        assertEquals("invalid environment variable \"A=1\\0B\": it contains a NUL byte", e.getMessage());
    }
}
