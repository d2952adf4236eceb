package io.jocker.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The builders that let the SPI's records grow: defaults a plugin can rely on, and lossless copies. */
class RecordBuildersTest {

    private static final ContainerConfig CONFIG = ContainerConfig.builder().hostname("h").user("1:2")
            .env(List.of("A=1")).cmd(List.of("sh")).entrypoint(List.of("/init")).workingDir("/w").tty(true)
            .openStdin(true).stdinOnce(true).labels(Map.of("k", "v")).stopSignal("SIGINT").stopTimeout(3).build();

    private static final HostConfig HOST = HostConfig.builder().resources(Resources.builder().memory(1L).build())
            .mounts(List.of(new Mount("tmpfs", "tmpfs", "/t", List.of()))).privileged(true).readonlyRootfs(true)
            .autoRemove(true).restartPolicy(new RestartPolicy("always", 0)).init(true)
            .securityOpt(List.of("seccomp=unconfined")).capAdd(List.of("CAP_NET_ADMIN")).capDrop(List.of("CAP_CHOWN"))
            .ulimits(List.of(new Ulimit("nofile", 1, 2))).oomScoreAdj(3).groupAdd(List.of("audio"))
            .sysctls(Map.of("net.ipv4.ip_forward", "0")).devices(List.of(new DeviceMapping("/dev/a", "/dev/b", "r")))
            .deviceCgroupRules(List.of("c 1:3 r")).pidMode("host").ipcMode("shareable").utsMode("host").cgroupnsMode("host")
            .build();

    @Test
    void defaultsAreEmptyRatherThanNull() {
        ContainerConfig config = ContainerConfig.builder().build();
        assertEquals("", config.hostname());
        assertEquals("", config.user());
        assertEquals(List.of(), config.env());
        assertEquals(List.of(), config.cmd());
        assertEquals(Map.of(), config.labels());
        assertEquals("", config.stopSignal());
        assertNull(config.stopTimeout());

        HostConfig host = HostConfig.builder().build();
        assertEquals(Resources.none(), host.resources());
        assertEquals(List.of(), host.mounts());
        assertEquals(RestartPolicy.NO, host.restartPolicy());
        assertEquals(List.of(), host.securityOpt());
        assertNull(host.init());
        assertEquals(List.of(), host.capAdd());
        assertEquals(Map.of(), host.sysctls());
        assertEquals("private", host.ipcMode());
        assertEquals("private", host.cgroupnsMode());
        assertEquals("", host.pidMode());

        Security security = Security.builder().build();
        assertFalse(security.privileged());
        assertEquals(List.of(), security.capabilities());
        assertEquals(List.of(), security.maskedPaths());
        assertEquals(0, security.seccompFilter().length);
        assertEquals(List.of(), security.ulimits());
        assertEquals(0, security.oomScoreAdj());

        ContainerSpec spec = ContainerSpec.builder().id("x").build();
        assertEquals(List.of(), spec.mounts());
        assertEquals(List.of(), spec.cgroupMounts());
    }

    @Test
    void toBuilderCopiesEveryField() {
        assertEquals(CONFIG, CONFIG.toBuilder().build());
        assertEquals(HOST, HOST.toBuilder().build());
        ContainerRecord record = ContainerRecord.builder().id("a".repeat(64)).name("n").created(Instant.EPOCH)
                .image("busybox").imageId("sha256:1").config(CONFIG).hostConfig(HOST).state(ContainerState.created())
                .storageDriver("overlay").cgroupDriver("v1").restartCount(2).build();
        assertEquals(record, record.toBuilder().build());
        Security security = Security.builder().privileged(true).capabilities(List.of("CAP_CHOWN"))
                .maskedPaths(List.of("/proc/kcore")).readonlyPaths(List.of("/proc/sys")).noNewPrivileges(true)
                .seccompFilter(new byte[] {1, 2, 3}).ulimits(List.of(new Ulimit("nofile", 1, 2))).oomScoreAdj(-5).build();
        assertEquals(security, security.toBuilder().build());
        assertNotEquals(security, security.toBuilder().seccompFilter(new byte[] {1, 2, 4}).build());
        ContainerSpec spec = ContainerSpec.builder().id("x").rootfs(Path.of("/r")).hostname("h").security(security)
                .process(new ProcessSpec(List.of("sh"), List.of(), "/", User.ROOT))
                .mounts(HOST.mounts()).readOnlyRootfs(true).stdio(Stdio.of(0, 1, 2)).sysctls(Map.of("kernel.shmmax", "1"))
                .devices(List.of(new DeviceNode("/dev/x", 'c', 1, 3, 0666, 0, 0))).sharedNamespaces(Map.of("pid", 0L)).build();
        assertEquals(spec, spec.toBuilder().build());
    }

    @Test
    void withMethodsChangeOnlyTheirField() {
        ContainerRecord record = ContainerRecord.builder().id("a".repeat(64)).name("n").config(CONFIG).hostConfig(HOST)
                .restartCount(1).build();
        ContainerRecord renamed = record.withName("m");
        assertEquals("m", renamed.name());
        assertEquals(record, renamed.withName("n"));
        assertNotEquals(record, record.withRestartCount(2));
        assertEquals(record.withRestartCount(2).toBuilder().restartCount(1).build(), record);
        assertEquals(Resources.builder().memory(2L).build(),
                HOST.withResources(Resources.builder().memory(2L).build()).resources());
        assertEquals(HOST.mounts(), HOST.withResources(Resources.none()).mounts());
    }
}
