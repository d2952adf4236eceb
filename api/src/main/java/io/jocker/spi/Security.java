package io.jocker.spi;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The hardening applied to a process.
 *
 * <p>Build one with {@link #builder()} (or change one with {@link #toBuilder()}): the SPI may add
 * fields, which adds builder methods, while the canonical constructor's arguments change.
 *
 * @param privileged all capabilities, no masked or read-only paths, host devices visible
 * @param capabilities the capability names kept (for example {@code CAP_CHOWN}) in the bounding,
 *     effective, permitted and inheritable sets; ignored when privileged
 * @param maskedPaths paths made unreadable (a file gets {@code /dev/null} bound over it, a
 *     directory an empty read-only tmpfs)
 * @param readonlyPaths paths bound read-only over themselves
 * @param noNewPrivileges set {@code PR_SET_NO_NEW_PRIVS}
 * @param seccompFilter the seccomp BPF program (an array of {@code struct sock_filter}) installed
 *     last before the process runs; empty for none
 * @param ulimits resource limits set before the process runs ({@code --ulimit})
 * @param oomScoreAdj its {@code oom_score_adj}; 0 leaves the inherited one
 */
public record Security(
        boolean privileged,
        List<String> capabilities,
        List<String> maskedPaths,
        List<String> readonlyPaths,
        boolean noNewPrivileges,
        byte[] seccompFilter,
        List<Ulimit> ulimits,
        int oomScoreAdj) {

    public Security {
        capabilities = List.copyOf(capabilities);
        maskedPaths = List.copyOf(maskedPaths);
        readonlyPaths = List.copyOf(readonlyPaths);
        seccompFilter = seccompFilter.clone();
        ulimits = List.copyOf(ulimits);
    }

    @Override
    public byte[] seccompFilter() {
        return seccompFilter.clone();
    }

    /** A value: two with the same filter bytes are equal, whichever arrays hold them. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Security that
                && privileged == that.privileged
                && capabilities.equals(that.capabilities)
                && maskedPaths.equals(that.maskedPaths)
                && readonlyPaths.equals(that.readonlyPaths)
                && noNewPrivileges == that.noNewPrivileges
                && Arrays.equals(seccompFilter, that.seccompFilter)
                && ulimits.equals(that.ulimits)
                && oomScoreAdj == that.oomScoreAdj;
    }

    @Override
    public int hashCode() {
        return Objects.hash(privileged, capabilities, maskedPaths, readonlyPaths, noNewPrivileges,
                Arrays.hashCode(seccompFilter), ulimits, oomScoreAdj);
    }

    @Override
    public String toString() {
        return "Security[privileged=" + privileged + ", capabilities=" + capabilities + ", maskedPaths=" + maskedPaths
                + ", readonlyPaths=" + readonlyPaths + ", noNewPrivileges=" + noNewPrivileges
                + ", seccompFilter=" + seccompFilter.length + " bytes, ulimits=" + ulimits
                + ", oomScoreAdj=" + oomScoreAdj + "]";
    }

    /** A builder with every field at its default: no hardening at all. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this record's fields. */
    public Builder toBuilder() {
        return new Builder()
                .privileged(privileged)
                .capabilities(capabilities)
                .maskedPaths(maskedPaths)
                .readonlyPaths(readonlyPaths)
                .noNewPrivileges(noNewPrivileges)
                .seccompFilter(seccompFilter)
                .ulimits(ulimits)
                .oomScoreAdj(oomScoreAdj);
    }

    /** Builds a {@link Security}; the SPI may add fields, which adds methods here. */
    public static final class Builder {
        private boolean privileged;
        private List<String> capabilities = List.of();
        private List<String> maskedPaths = List.of();
        private List<String> readonlyPaths = List.of();
        private boolean noNewPrivileges;
        private byte[] seccompFilter = new byte[0];
        private List<Ulimit> ulimits = List.of();
        private int oomScoreAdj;

        private Builder() {}

        public Builder privileged(boolean privileged) {
            this.privileged = privileged;
            return this;
        }

        public Builder capabilities(List<String> capabilities) {
            this.capabilities = capabilities;
            return this;
        }

        public Builder maskedPaths(List<String> maskedPaths) {
            this.maskedPaths = maskedPaths;
            return this;
        }

        public Builder readonlyPaths(List<String> readonlyPaths) {
            this.readonlyPaths = readonlyPaths;
            return this;
        }

        public Builder noNewPrivileges(boolean noNewPrivileges) {
            this.noNewPrivileges = noNewPrivileges;
            return this;
        }

        public Builder seccompFilter(byte[] seccompFilter) {
            this.seccompFilter = seccompFilter;
            return this;
        }

        public Builder ulimits(List<Ulimit> ulimits) {
            this.ulimits = ulimits;
            return this;
        }

        public Builder oomScoreAdj(int oomScoreAdj) {
            this.oomScoreAdj = oomScoreAdj;
            return this;
        }

        public Security build() {
            return new Security(privileged, capabilities, maskedPaths, readonlyPaths, noNewPrivileges, seccompFilter,
                    ulimits, oomScoreAdj);
        }
    }
}
