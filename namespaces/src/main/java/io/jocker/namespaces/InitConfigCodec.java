package io.jocker.namespaces;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A compact length-prefixed binary form of {@link InitConfig}: strings are an int byte count and
 * UTF-8 bytes, lists an int count and their elements. No reflection, so the init stays small.
 */
final class InitConfigCodec {

    private static final int VERSION = 10;
    private static final int MAX_ITEMS = 1 << 20;

    private InitConfigCodec() {}

    static byte[] encode(InitConfig config) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        try {
            out.writeInt(VERSION);
            writeString(out, config.rootfs());
            writeString(out, config.hostname());
            writeStrings(out, config.args());
            writeStrings(out, config.env());
            writeString(out, config.cwd());
            out.writeInt(config.uid());
            out.writeInt(config.gid());
            out.writeInt(config.groups().size());
            for (int group : config.groups()) {
                out.writeInt(group);
            }
            out.writeInt(config.mounts().size());
            for (InitConfig.MountSpec mount : config.mounts()) {
                writeString(out, mount.type());
                writeString(out, mount.source());
                writeString(out, mount.destination());
                writeStrings(out, mount.options());
            }
            out.writeInt(config.cgroupMounts().size());
            for (InitConfig.CgroupMountSpec mount : config.cgroupMounts()) {
                writeString(out, mount.directory());
                writeString(out, mount.type());
                writeString(out, mount.options());
                writeStrings(out, mount.links());
            }
            out.writeBoolean(config.privileged());
            writeStrings(out, config.capabilities());
            writeStrings(out, config.maskedPaths());
            writeStrings(out, config.readonlyPaths());
            out.writeBoolean(config.noNewPrivileges());
            out.writeBoolean(config.readOnlyRootfs());
            out.writeBoolean(config.tty());
            out.writeInt(config.seccompFilter().length);
            out.write(config.seccompFilter());
            out.writeInt(config.rlimits().size());
            for (InitConfig.RlimitSpec rlimit : config.rlimits()) {
                out.writeInt(rlimit.resource());
                out.writeLong(rlimit.soft());
                out.writeLong(rlimit.hard());
            }
            out.writeInt(config.oomScoreAdj());
            writeStrings(out, config.sysctls());
            out.writeInt(config.devices().size());
            for (InitConfig.DeviceSpec device : config.devices()) {
                writeString(out, device.path());
                out.writeInt(device.type());
                out.writeInt(device.major());
                out.writeInt(device.minor());
                out.writeInt(device.mode());
                out.writeInt(device.uid());
                out.writeInt(device.gid());
            }
            out.writeBoolean(config.newCgroupNamespace());
            out.writeBoolean(config.newNetworkNamespace());
            writeString(out, config.startGate());
            out.writeInt(config.preservedFds());
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    static InitConfig decode(byte[] data) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
        int version = in.readInt();
        if (version != VERSION) {
            throw new IOException("container init config version " + version + ", expected " + VERSION
                    + ": the init and the engine come from different jocker builds");
        }
        String rootfs = readString(in);
        String hostname = readString(in);
        List<String> args = readStrings(in);
        List<String> env = readStrings(in);
        String cwd = readString(in);
        int uid = in.readInt();
        int gid = in.readInt();
        int groupCount = count(in);
        List<Integer> groups = new ArrayList<>(groupCount);
        for (int i = 0; i < groupCount; i++) {
            groups.add(in.readInt());
        }
        int mountCount = count(in);
        List<InitConfig.MountSpec> mounts = new ArrayList<>(mountCount);
        for (int i = 0; i < mountCount; i++) {
            mounts.add(new InitConfig.MountSpec(readString(in), readString(in), readString(in), readStrings(in)));
        }
        int cgroupMountCount = count(in);
        List<InitConfig.CgroupMountSpec> cgroupMounts = new ArrayList<>(cgroupMountCount);
        for (int i = 0; i < cgroupMountCount; i++) {
            cgroupMounts.add(new InitConfig.CgroupMountSpec(readString(in), readString(in), readString(in), readStrings(in)));
        }
        boolean privileged = in.readBoolean();
        List<String> capabilities = readStrings(in);
        List<String> maskedPaths = readStrings(in);
        List<String> readonlyPaths = readStrings(in);
        boolean noNewPrivileges = in.readBoolean();
        boolean readOnlyRootfs = in.readBoolean();
        boolean tty = in.readBoolean();
        byte[] seccompFilter = readBytes(in);
        int rlimitCount = count(in);
        List<InitConfig.RlimitSpec> rlimits = new ArrayList<>(rlimitCount);
        for (int i = 0; i < rlimitCount; i++) {
            rlimits.add(new InitConfig.RlimitSpec(in.readInt(), in.readLong(), in.readLong()));
        }
        InitConfig config = new InitConfig(rootfs, hostname, args, env, cwd, uid, gid, groups, mounts, cgroupMounts,
                privileged, capabilities, maskedPaths, readonlyPaths, noNewPrivileges, readOnlyRootfs, tty, seccompFilter,
                rlimits, in.readInt(), readStrings(in), readDevices(in),
                in.readBoolean(), in.readBoolean(), readString(in), in.readInt());
        if (in.available() != 0) {
            throw new IOException("container init config has " + in.available() + " trailing bytes");
        }
        return config;
    }

    private static List<InitConfig.DeviceSpec> readDevices(DataInputStream in) throws IOException {
        int count = count(in);
        List<InitConfig.DeviceSpec> devices = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            devices.add(new InitConfig.DeviceSpec(readString(in), in.readInt(), in.readInt(), in.readInt(), in.readInt(),
                    in.readInt(), in.readInt()));
        }
        return devices;
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static void writeStrings(DataOutputStream out, List<String> strings) throws IOException {
        out.writeInt(strings.size());
        for (String s : strings) {
            writeString(out, s);
        }
    }

    private static String readString(DataInputStream in) throws IOException {
        return new String(readBytes(in), StandardCharsets.UTF_8);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
            throw new EOFException("container init config: field of " + length + " bytes exceeds the message");
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }

    private static List<String> readStrings(DataInputStream in) throws IOException {
        int count = count(in);
        List<String> strings = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            strings.add(readString(in));
        }
        return strings;
    }

    private static int count(DataInputStream in) throws IOException {
        int count = in.readInt();
        if (count < 0 || count > MAX_ITEMS) {
            throw new IOException("container init config: bad item count " + count);
        }
        return count;
    }
}
