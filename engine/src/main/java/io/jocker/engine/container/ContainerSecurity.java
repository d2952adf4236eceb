package io.jocker.engine.container;

import io.jocker.engine.base.EngineConfig;
import io.jocker.engine.base.InvalidRequestException;
import io.jocker.seccomp.SeccompFilters;
import io.jocker.seccomp.SeccompProfileException;
import io.jocker.spi.HostConfig;
import io.jocker.spi.Security;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * The hardening of a container's processes from its host config: Docker's defaults, the
 * seccomp filter (jocker's default profile, the user's, or none), no_new_privs, capabilities,
 * resource limits and the OOM score.
 */
public final class ContainerSecurity {

    private final SeccompFilterCache filters;

    @Inject
    public ContainerSecurity(EngineConfig config) {
        this.filters = new SeccompFilterCache(config.root().resolve("seccomp"));
    }

    /** Docker's {@code SecurityOptions} of {@code info}. */
    public static List<String> hostOptions() {
        return SeccompFilters.supported() ? List.of("name=seccomp,profile=" + SecurityOptions.BUILTIN) : List.of();
    }

    /**
     * Checks a create request's options and compiles a profile of the user's (warming the cache);
     * returns them as the container's record keeps them: a privileged container also gets
     * {@code label=disable}, as Docker adds it, unless a label option was given.
     */
    List<String> validate(List<String> securityOpt, boolean privileged, CapabilityTweaks capabilities) {
        SecurityOptions options = SecurityOptions.parse(securityOpt);
        if (options.customProfile()) {
            filter(options, privileged, capabilities.applyTo(DefaultSecurity.CAPABILITIES, privileged));
        }
        List<String> kept = new ArrayList<>(securityOpt);
        if (privileged && securityOpt.stream().noneMatch(o -> o.startsWith("label=") || o.startsWith("label:"))) {
            kept.add("label=disable");
        }
        return kept;
    }

    /** For the container's first process. */
    Security forContainer(HostConfig host) {
        return with(host.privileged(), host);
    }

    /**
     * For an exec: the container's filter and no_new_privs whatever {@code privileged} says, as
     * runc applies the container's seccomp config to every process it execs, and the container's
     * capabilities unless {@code privileged}.
     */
    Security forExec(HostConfig host, boolean privileged) {
        return with(privileged || host.privileged(), host);
    }

    private Security with(boolean privileged, HostConfig host) {
        Security base = DefaultSecurity.of(privileged);
        CapabilityTweaks tweaks = new CapabilityTweaks(host.capAdd(), host.capDrop());
        SecurityOptions options = SecurityOptions.parse(host.securityOpt());
        // Docker resolves a profile's capability conditions against the container's own set.
        byte[] filter = filter(options, host.privileged(), tweaks.applyTo(DefaultSecurity.CAPABILITIES, host.privileged()));
        List<String> capabilities = privileged ? base.capabilities() : tweaks.applyTo(DefaultSecurity.CAPABILITIES, false);
        return base.toBuilder().capabilities(capabilities).noNewPrivileges(options.noNewPrivileges())
                .seccompFilter(filter).ulimits(host.ulimits()).oomScoreAdj(host.oomScoreAdj()).build();
    }

    /** Docker's rules: unconfined, or privileged without a profile of its own, runs without a filter. */
    private byte[] filter(SecurityOptions options, boolean privileged, List<String> capabilities) {
        if (options.unconfined() || (privileged && !options.customProfile())) {
            return new byte[0];
        }
        if (!SeccompFilters.supported()) {
            if (options.customProfile()) {
                throw new InvalidRequestException("seccomp profiles are supported on x86_64 hosts only");
            }
            return new byte[0];
        }
        try {
            return filters.filter(options.customProfile() ? options.seccomp() : null, new HashSet<>(capabilities));
        } catch (SeccompProfileException e) {
            throw new InvalidRequestException(e.getMessage());
        }
    }
}
