package io.jocker.engine.volume;

import io.jocker.engine.base.InvalidRequestException;
import io.jocker.spi.Mount;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses {@code -v}, {@code --mount} and {@code --tmpfs} into the mounts a {@code CreateRequest}
 * carries. Three types: {@code bind} (source a host path), {@link #VOLUME} (source a volume name,
 * empty for an anonymous volume) and {@code tmpfs}. {@link VolumeService#claim} turns volumes into
 * bind mounts of their data directories when the container is created. Every destination comes
 * out absolute and normalised, and never {@code /} nor inside {@code /proc}.
 */
public final class MountSpecs {

    public static final String BIND = "bind";
    public static final String VOLUME = "volume";
    public static final String TMPFS = "tmpfs";

    /** A volume mount option: no copy-up of the image's files into a new volume. */
    public static final String NOCOPY = "nocopy";

    /**
     * Marks a {@code -v} bind mount: a missing source directory is created, as Docker does (an
     * explicit {@code --mount type=bind} is refused instead). Removed before the mount is recorded.
     */
    public static final String CREATE_SOURCE = "x-jocker-create-source";

    private static final Set<String> PROPAGATIONS = Set.of("private", "rprivate", "shared", "rshared", "slave", "rslave");
    private static final Set<String> IGNORED_MODES = Set.of("z", "Z", "consistent", "cached", "delegated");
    private static final List<String> TMPFS_DEFAULTS = List.of("rw", "noexec", "nosuid", "nodev");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,15})([kmgt]?)b?");
    private static final Pattern MODE = Pattern.compile("[0-7]{1,4}");

    private MountSpecs() {}

    /** {@code -v [SOURCE:]TARGET[:MODE]}: a bind mount when SOURCE is a path, else a named or anonymous volume. */
    public static Mount volumeFlag(String spec, Path workingDir) {
        String[] parts = spec.split(":", -1);
        String source;
        String target;
        String mode = "";
        switch (parts.length) {
            case 1 -> {
                source = "";
                target = parts[0];
            }
            case 2 -> {
                if (isMode(parts[1])) {
                    throw invalidSpec(spec);
                }
                source = parts[0];
                target = parts[1];
            }
            case 3 -> {
                source = parts[0];
                target = parts[1];
                mode = parts[2];
            }
            default -> throw invalidSpec(spec);
        }
        if (target.isEmpty() || (parts.length > 1 && source.isEmpty())) {
            throw invalidSpec(spec);
        }
        boolean bind = isPath(source);
        String type = bind ? BIND : VOLUME;
        String destination = destination(type, target);
        Modes modes = Modes.parse(mode, bind);
        if (bind) {
            List<String> options = new ArrayList<>(List.of("rbind", modes.propagation(), CREATE_SOURCE));
            if (modes.readOnly()) {
                options.add("ro");
            }
            return new Mount(BIND, hostPath(type, source, workingDir), destination, options);
        }
        String name = source.isEmpty() ? "" : VolumeNames.validate(source);
        List<String> options = new ArrayList<>();
        if (modes.readOnly()) {
            options.add("ro");
        }
        if (modes.nocopy()) {
            options.add(NOCOPY);
        }
        return new Mount(VOLUME, name, destination, options);
    }

    /** {@code --mount type=bind|volume|tmpfs,source=...,target=...,readonly,...}, as Docker's CLI reads it. */
    public static Mount mountFlag(String spec, Path workingDir) {
        Map<String, String> fields = fields(spec);
        String type = fields.getOrDefault("type", VOLUME);
        if (!Set.of(BIND, VOLUME, TMPFS).contains(type)) {
            throw new InvalidRequestException("invalid mount config: mount type \"" + type
                    + "\" is not supported (use bind, volume or tmpfs)");
        }
        String source = fields.getOrDefault("source", "");
        String target = fields.getOrDefault("target", "");
        if (target.isEmpty()) {
            throw invalidConfig(type, "field Target must not be empty");
        }
        String destination = destination(type, target);
        boolean readOnly = bool(fields, "readonly");
        if (!type.equals(BIND) && fields.containsKey("bind-propagation")) {
            throw invalidConfig(type, "field BindOptions must not be specified");
        }
        if (!type.equals(TMPFS) && (fields.containsKey("tmpfs-size") || fields.containsKey("tmpfs-mode"))) {
            throw invalidConfig(type, "field TmpfsOptions must not be specified");
        }
        if (!type.equals(VOLUME) && fields.containsKey("volume-nocopy")) {
            throw invalidConfig(type, "field VolumeOptions must not be specified");
        }
        List<String> options = new ArrayList<>();
        switch (type) {
            case BIND -> {
                if (source.isEmpty()) {
                    throw invalidConfig(type, "field Source must not be empty");
                }
                String propagation = fields.getOrDefault("bind-propagation", "rprivate");
                if (!PROPAGATIONS.contains(propagation)) {
                    throw invalidConfig(type, "invalid propagation mode: " + propagation);
                }
                options.add("rbind");
                options.add(propagation);
                source = hostPath(type, source, workingDir);
            }
            case VOLUME -> {
                if (bool(fields, "volume-nocopy")) {
                    options.add(NOCOPY);
                }
                if (!source.isEmpty()) {
                    VolumeNames.validate(source);
                }
            }
            default -> {
                if (!source.isEmpty()) {
                    throw invalidConfig(type, "field Source must not be specified");
                }
                source = TMPFS;
                options.addAll(TMPFS_DEFAULTS);
                if (fields.containsKey("tmpfs-size")) {
                    options.add("size=" + bytes(type, fields.get("tmpfs-size")));
                }
                if (fields.containsKey("tmpfs-mode")) {
                    options.add("mode=" + mode(type, fields.get("tmpfs-mode")));
                }
            }
        }
        if (readOnly) {
            options.add("ro");
        }
        return new Mount(type, source, destination, options);
    }

    /** {@code --tmpfs /path[:opt,opt]}: a tmpfs with Docker's defaults {@code rw,noexec,nosuid,nodev}; options override them. */
    public static Mount tmpfsFlag(String spec) {
        int colon = spec.indexOf(':');
        String target = colon < 0 ? spec : spec.substring(0, colon);
        List<String> options = new ArrayList<>(TMPFS_DEFAULTS);
        if (colon >= 0) {
            for (String option : spec.substring(colon + 1).split(",")) {
                if (option.isEmpty() || option.indexOf('\0') >= 0) {
                    throw invalidConfig(TMPFS, "invalid tmpfs option \"" + option + "\" in " + spec);
                }
                options.add(option);
            }
        }
        return new Mount(TMPFS, TMPFS, destination(TMPFS, target), options);
    }

    /**
     * An absolute, normalised container path: repeated and trailing slashes are dropped; {@code .}
     * and {@code ..} components, {@code /} itself and anything in {@code /proc} are refused.
     */
    public static String destination(String type, String path) {
        if (path.indexOf('\0') >= 0 || !path.startsWith("/")) {
            throw invalidConfig(type, "invalid mount path: '" + path.replace("\0", "\\0") + "' mount path must be absolute");
        }
        List<String> components = new ArrayList<>();
        for (String component : path.split("/")) {
            if (component.equals(".") || component.equals("..")) {
                throw invalidConfig(type, "invalid mount path: '" + path
                        + "' mount path must be normalised (no '.' or '..' components)");
            }
            if (!component.isEmpty()) {
                components.add(component);
            }
        }
        if (components.isEmpty()) {
            throw invalidConfig(type, "invalid specification: destination can't be '/'");
        }
        if (components.get(0).equals("proc")) {
            throw invalidConfig(type, "invalid mount path: '" + path + "' is inside /proc, which the container's own"
                    + " proc file system occupies");
        }
        return "/" + String.join("/", components);
    }

    private static boolean isPath(String source) {
        return source.startsWith("/") || source.startsWith(".");
    }

    /** A host path, made absolute against the caller's working directory as Docker's CLI does for {@code ./dir}. */
    private static String hostPath(String type, String source, Path workingDir) {
        if (source.indexOf('\0') >= 0 || !isPath(source)) {
            throw invalidConfig(type, "invalid mount path: '" + source.replace("\0", "\\0") + "' mount path must be absolute");
        }
        return workingDir.resolve(source).normalize().toString();
    }

    private static Map<String, String> fields(String spec) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String field : spec.split(",")) {
            int eq = field.indexOf('=');
            String key = (eq < 0 ? field : field.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
            String value = eq < 0 ? null : field.substring(eq + 1);
            String canonical = switch (key) {
                case "type", "bind-propagation", "tmpfs-size", "tmpfs-mode" -> key;
                case "source", "src" -> "source";
                case "target", "destination", "dst" -> "target";
                case "readonly", "ro" -> "readonly";
                case "volume-nocopy" -> key;
                default -> throw new InvalidRequestException("invalid argument \"" + spec + "\" for \"--mount\" flag: "
                        + (eq < 0 ? "invalid field '" + field + "' must be a key=value pair" : "unexpected key '" + key
                        + "' in '" + field + "'"));
            };
            boolean flag = canonical.equals("readonly") || canonical.equals("volume-nocopy");
            if (value == null && !flag) {
                throw new InvalidRequestException("invalid argument \"" + spec + "\" for \"--mount\" flag: invalid field '"
                        + field + "' must be a key=value pair");
            }
            fields.put(canonical, value == null ? "true" : value);
        }
        return fields;
    }

    private static boolean bool(Map<String, String> fields, String key) {
        String value = fields.get(key);
        if (value == null) {
            return false;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw new InvalidRequestException("invalid value for " + key + ": " + value);
        };
    }

    private static long bytes(String type, String value) {
        Matcher m = SIZE.matcher(value.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw invalidConfig(type, "invalid tmpfs-size: " + value);
        }
        int shift = "kmgt".indexOf(m.group(2).isEmpty() ? 'x' : m.group(2).charAt(0)) + 1;
        return Math.multiplyExact(Long.parseLong(m.group(1)), 1L << (10 * shift));
    }

    private static String mode(String type, String value) {
        if (!MODE.matcher(value).matches()) {
            throw invalidConfig(type, "invalid tmpfs-mode: " + value + " (an octal mode such as 1777)");
        }
        return value;
    }

    private static boolean isMode(String mode) {
        try {
            Modes.parse(mode, false);
            return !mode.isEmpty();
        } catch (InvalidRequestException e) {
            return false;
        }
    }

    private static InvalidRequestException invalidSpec(String spec) {
        return new InvalidRequestException("invalid volume specification: '" + spec + "'");
    }

    static InvalidRequestException invalidConfig(String type, String detail) {
        return new InvalidRequestException("invalid mount config for type \"" + type + "\": " + detail);
    }

    /** The mode part of {@code -v}: at most one of ro/rw, one propagation, one SELinux label, {@code nocopy} for volumes. */
    private record Modes(boolean readOnly, String propagation, boolean nocopy) {

        static Modes parse(String mode, boolean bind) {
            Boolean readOnly = null;
            String propagation = null;
            boolean label = false;
            boolean nocopy = false;
            if (mode.isEmpty()) {
                return new Modes(false, "rprivate", false);
            }
            for (String part : mode.split(",", -1)) {
                if ((part.equals("ro") || part.equals("rw")) && readOnly == null) {
                    readOnly = part.equals("ro");
                } else if (PROPAGATIONS.contains(part) && propagation == null && bind) {
                    propagation = part;
                } else if (IGNORED_MODES.contains(part) && !label) {
                    label = part.equalsIgnoreCase("z");
                } else if (part.equals("nocopy") && !nocopy && !bind) {
                    nocopy = true;
                } else {
                    throw new InvalidRequestException("invalid mode: " + mode);
                }
            }
            return new Modes(Boolean.TRUE.equals(readOnly), propagation == null ? "rprivate" : propagation, nocopy);
        }
    }
}
