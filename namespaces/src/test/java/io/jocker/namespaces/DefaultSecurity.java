package io.jocker.namespaces;

import io.jocker.spi.Security;
import java.util.List;

/**
 * Test fixture: the hardening the engine passes for a default container (the engine's own copy is
 * io.jocker.engine.container.DefaultSecurity; the isolator applies whatever it is given).
 * Docker's default hardening: its capability list, masked paths and read-only paths.
 */
public final class DefaultSecurity {

    /** Docker's default capabilities (CapEff {@code 00000000a80425fb}). */
    public static final List<String> CAPABILITIES = List.of(
            "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW",
            "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE",
            "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE");

    public static final List<String> MASKED_PATHS = List.of(
            "/proc/asound", "/proc/acpi", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
            "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware",
            "/sys/devices/virtual/powercap");

    public static final List<String> READONLY_PATHS = List.of(
            "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");

    private DefaultSecurity() {}

    /** What {@code docker run} applies without security flags. */
    public static Security defaults() {
        return Security.builder().capabilities(CAPABILITIES).maskedPaths(MASKED_PATHS).readonlyPaths(READONLY_PATHS)
                .build();
    }

    /** {@code --privileged}: every capability, nothing masked or read-only. */
    public static Security privileged() {
        return Security.builder().privileged(true).build();
    }
}
