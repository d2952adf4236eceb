package io.jocker.engine.container;

import io.jocker.engine.base.InvalidRequestException;
import io.jocker.linux.Mounts;
import io.jocker.spi.DeviceMapping;
import io.jocker.spi.DeviceNode;
import io.jocker.spi.HostConfig;
import io.jocker.spi.Resources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code --device} and {@code --device-cgroup-rule}: the flags read as Docker's client reads them,
 * and at start the host's nodes looked up (their type, numbers, mode and owner, as Docker copies
 * them) and turned into nodes for the container and rules for its devices cgroup.
 *
 * @param nodes the nodes to create in the container
 * @param rules what the devices cgroup allows beyond its defaults
 */
public record ContainerDevices(List<DeviceNode> nodes, List<String> rules) {

    private static final Pattern RULE = Pattern.compile("[acb] ([0-9]+|\\*):([0-9]+|\\*) [rwm]{1,3}");
    private static final Pattern MODE = Pattern.compile("(?!.*(.).*\\1)[rwm]+");
    private static final String EVERYTHING = "a *:* rwm";
    private static final int S_IFMT = 0170000;

    public ContainerDevices {
        nodes = List.copyOf(nodes);
        rules = List.copyOf(rules);
    }

    /** Docker's client's {@code --device HOST[:CONTAINER][:PERMISSIONS]}. */
    public static DeviceMapping parseFlag(String flag) {
        String[] parts = flag.split(":", -1);
        if (parts.length > 3 || parts[0].isEmpty()) {
            throw flagError(flag, "bad format for path: " + flag);
        }
        String host = parts[0];
        String container = host;
        String permissions = "rwm";
        if (parts.length == 2) {
            if (MODE.matcher(parts[1]).matches()) {
                permissions = parts[1];
            } else {
                container = parts[1];
            }
        } else if (parts.length == 3) {
            container = parts[1];
            permissions = parts[2];
            if (!MODE.matcher(permissions).matches()) {
                throw flagError(flag, "bad mode specified: " + permissions);
            }
        }
        if (!container.startsWith("/")) {
            throw flagError(flag, container + " is not an absolute path");
        }
        return new DeviceMapping(host, container, permissions);
    }

    /** Docker's client's check of {@code --device-cgroup-rule}. */
    public static String parseRuleFlag(String flag) {
        if (!RULE.matcher(flag).matches()) {
            throw new InvalidRequestException("invalid argument \"" + flag + "\" for \"--device-cgroup-rule\" flag: "
                    + "invalid device cgroup format '" + flag + "'");
        }
        return flag;
    }

    private static InvalidRequestException flagError(String flag, String reason) {
        return new InvalidRequestException("invalid argument \"" + flag + "\" for \"--device\" flag: " + reason);
    }

    /** Checks a create request's devices and rules, however they came: they reach a cgroup file and the container's root. */
    static void check(List<DeviceMapping> devices, List<String> rules) {
        for (DeviceMapping device : devices) {
            if (!device.pathOnHost().startsWith("/") || !device.pathInContainer().startsWith("/")
                    || !MODE.matcher(device.cgroupPermissions()).matches()) {
                throw new InvalidRequestException("invalid device specification: " + device.pathOnHost() + ":"
                        + device.pathInContainer() + ":" + device.cgroupPermissions());
            }
        }
        for (String rule : rules) {
            if (!RULE.matcher(rule).matches()) {
                throw new InvalidRequestException("invalid device cgroup format '" + rule + "'");
            }
        }
    }

    /** The container's devices at start: a privileged one may use every device, as in Docker. */
    static ContainerDevices of(HostConfig host) {
        if (host.privileged()) {
            return new ContainerDevices(List.of(), List.of(EVERYTHING));
        }
        List<DeviceNode> nodes = new ArrayList<>();
        List<String> rules = new ArrayList<>();
        for (DeviceMapping device : host.devices()) {
            DeviceNode node = node(device);
            nodes.add(node);
            rules.add(node.type() + " " + node.major() + ":" + node.minor() + " " + device.cgroupPermissions());
        }
        rules.addAll(host.deviceCgroupRules());
        return new ContainerDevices(nodes, rules);
    }

    /** {@code resources} with these rules for the devices cgroup. */
    Resources applyTo(Resources resources) {
        return rules.isEmpty() ? resources : resources.toBuilder().deviceRules(rules).build();
    }

    private static DeviceNode node(DeviceMapping device) {
        Map<String, Object> attributes;
        try {
            attributes = Files.readAttributes(Path.of(device.pathOnHost()), "unix:mode,rdev,uid,gid");
        } catch (NoSuchFileException e) {
            throw gathering(device, "no such file or directory");
        } catch (IOException e) {
            throw gathering(device, e.getMessage());
        }
        int mode = (Integer) attributes.get("mode");
        int type = mode & S_IFMT;
        if (type != Mounts.S_IFCHR && type != Mounts.S_IFBLK) {
            throw gathering(device, "not a device node");
        }
        long rdev = (Long) attributes.get("rdev");
        return new DeviceNode(device.pathInContainer(), type == Mounts.S_IFCHR ? 'c' : 'b', Mounts.major(rdev), Mounts.minor(rdev),
                mode & 07777,
                (Integer) attributes.get("uid"), (Integer) attributes.get("gid"));
    }

    private static InvalidRequestException gathering(DeviceMapping device, String reason) {
        return new InvalidRequestException("error gathering device information while adding custom device \""
                + device.pathOnHost() + "\": " + reason);
    }
}
