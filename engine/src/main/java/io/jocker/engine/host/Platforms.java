package io.jocker.engine.host;

import io.jocker.engine.base.InvalidRequestException;
import io.jocker.images.ImageStore;
import java.util.Locale;

/**
 * {@code --platform}: jocker runs its host's platform only. A specifier is parsed and normalised
 * as containerd's {@code platforms.Parse} does for Docker ({@code OS[/ARCH[/VARIANT]]}, or an
 * architecture alone; {@code x86_64} is {@code amd64}, {@code amd64/v1} is {@code amd64},
 * {@code aarch64} is {@code arm64}, whose {@code v8} is its default), then accepted only if it
 * names the host's platform.
 */
public final class Platforms {

    /** A normalised platform; {@code variant} is empty for the architecture's default. */
    public record Platform(String os, String architecture, String variant) {
        @Override
        public String toString() {
            return os + "/" + architecture + (variant.isEmpty() ? "" : "/" + variant);
        }
    }

    private Platforms() {}

    /** The platform jocker runs on. */
    public static Platform host() {
        return new Platform("linux", ImageStore.architecture(), "");
    }

    /** Checks that {@code specifier} (null or empty: not given) names the host's platform. */
    public static void requireHost(String specifier) {
        if (specifier == null || specifier.isEmpty()) {
            return;
        }
        Platform asked = parse(specifier);
        Platform host = host();
        if (!asked.equals(host)) {
            throw new InvalidRequestException("platform " + asked + " is not supported: jocker runs " + host + " images only, on this "
                    + host + " host");
        }
    }

    /** containerd's {@code platforms.Parse} followed by its {@code Normalize}. */
    public static Platform parse(String specifier) {
        String[] parts = specifier.split("/", -1);
        if (parts.length > 3) {
            throw invalid(specifier, "too many components");
        }
        for (String part : parts) {
            if (!part.matches("[A-Za-z0-9_-]+")) {
                throw invalid(specifier, "\"" + part + "\" is not a platform component");
            }
        }
        String first = parts[0].toLowerCase(Locale.ROOT);
        if (parts.length == 1) {
            // One component: an operating system, with the host's architecture, or an architecture on Linux.
            if (isOs(first)) {
                return new Platform(first, host().architecture(), host().variant());
            }
            Platform arch = architecture(first, "");
            if (arch == null) {
                throw invalid(specifier, "unknown operating system or architecture");
            }
            return arch;
        }
        if (!isOs(first)) {
            throw invalid(specifier, "unknown operating system \"" + parts[0] + "\"");
        }
        Platform arch = architecture(parts[1].toLowerCase(Locale.ROOT), parts.length == 3 ? parts[2].toLowerCase(Locale.ROOT) : "");
        if (arch == null) {
            throw invalid(specifier, "unknown architecture \"" + parts[1] + "\"");
        }
        return new Platform(first, arch.architecture(), arch.variant());
    }

    private static boolean isOs(String os) {
        return switch (os) {
            case "linux", "windows", "darwin", "freebsd", "netbsd", "openbsd", "solaris", "illumos", "android", "ios", "aix",
                    "dragonfly", "plan9", "js", "wasip1" -> true;
            default -> false;
        };
    }

    /** containerd's {@code normalizeArch}, on Linux; null for an architecture it does not know. */
    private static Platform architecture(String arch, String variant) {
        return switch (arch) {
            case "amd64", "x86_64", "x86-64" -> new Platform("linux", "amd64", variant.equals("v1") ? "" : variant);
            case "aarch64", "arm64" -> new Platform("linux", "arm64", variant.equals("8") || variant.equals("v8") ? "" : variant);
            case "armhf" -> new Platform("linux", "arm", "v7");
            case "armel" -> new Platform("linux", "arm", "v6");
            case "arm" -> new Platform("linux", "arm", variant.isEmpty() ? "v7" : variant.startsWith("v") ? variant : "v" + variant);
            case "i386", "386", "x86" -> new Platform("linux", "386", variant);
            case "ppc64le", "s390x", "riscv64", "mips64", "mips64le", "loong64", "ppc64", "mips", "mipsle", "wasm"
                    -> new Platform("linux", arch, variant);
            default -> null;
        };
    }

    private static InvalidRequestException invalid(String specifier, String why) {
        return new InvalidRequestException("invalid platform \"" + specifier + "\": " + why + "; expected OS[/ARCH[/VARIANT]], such as "
                + host());
    }
}
