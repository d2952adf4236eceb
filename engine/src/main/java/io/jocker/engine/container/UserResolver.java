package io.jocker.engine.container;

import io.jocker.engine.base.InvalidRequestException;
import io.jocker.linux.RootedDir;
import io.jocker.spi.User;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns Docker's {@code -u} forms ({@code uid}, {@code uid:gid}, {@code name}, {@code name:group})
 * into numeric credentials and a home directory, reading the container's own
 * {@code /etc/passwd} and {@code /etc/group}.
 */
public final class UserResolver {

    /** Resolved credentials and the home directory for {@code HOME}. */
    public record Resolved(User user, String home) {}

    /** Reads a file of the container: its lines, none when it does not exist. */
    @FunctionalInterface
    public interface ContainerFiles {
        List<String> lines(String path) throws IOException;
    }

    private UserResolver() {}

    public static Resolved resolve(Path rootfs, String spec) throws IOException {
        try (RootedDir root = RootedDir.of(rootfs)) {
            return resolve(root::readLines, spec);
        }
    }

    /**
     * {@code spec} with the {@code --group-add} groups as additional ids: each a group name or id
     * of the container's {@code /etc/group}, or else any number, as Docker resolves them.
     */
    public static Resolved resolve(Path rootfs, String spec, List<String> groupAdd) throws IOException {
        try (RootedDir root = RootedDir.of(rootfs)) {
            return resolve(root::readLines, spec, groupAdd);
        }
    }

    private static Resolved resolve(ContainerFiles files, String spec, List<String> groupAdd) throws IOException {
        Resolved resolved = resolve(files, spec);
        if (groupAdd.isEmpty()) {
            return resolved;
        }
        List<String[]> groups = entries(files, "/etc/group");
        List<Integer> gids = new ArrayList<>(resolved.user().additionalGids());
        for (String name : groupAdd) {
            String[] group = find(groups, name);
            if (group != null) {
                gids.add(parseId(group[2], name));
            } else if (isNumber(name)) {
                gids.add(parseId(name, name));
            } else {
                throw new InvalidRequestException("Unable to find group " + name + ": no matching entries in group file");
            }
        }
        User user = resolved.user();
        return new Resolved(new User(user.uid(), user.gid(), gids), resolved.home());
    }

    /** {@code spec} resolved with the container's files as {@code files} reads them. */
    public static Resolved resolve(ContainerFiles files, String spec) throws IOException {
        if (spec == null || spec.isEmpty()) {
            spec = "0";
        }
        int colon = spec.indexOf(':');
        String userPart = colon < 0 ? spec : spec.substring(0, colon);
        String groupPart = colon < 0 ? null : spec.substring(colon + 1);
        List<String[]> passwd = entries(files, "/etc/passwd");
        String[] entry = find(passwd, userPart);
        int uid;
        int gid;
        String home;
        if (entry != null) {
            uid = parseId(entry[2], spec);
            gid = parseId(entry[3], spec);
            home = entry.length > 5 ? entry[5] : "/";
        } else if (isNumber(userPart)) {
            uid = parseId(userPart, spec);
            gid = 0;
            home = "/";
        } else {
            throw new InvalidRequestException("unable to find user " + userPart + ": no matching entries in passwd file");
        }
        if (groupPart != null) {
            String[] group = find(entries(files, "/etc/group"), groupPart);
            if (group != null) {
                gid = parseId(group[2], spec);
            } else if (isNumber(groupPart)) {
                gid = parseId(groupPart, spec);
            } else {
                throw new InvalidRequestException("unable to find group " + groupPart + ": no matching entries in group file");
            }
        }
        return new Resolved(new User(uid, gid, List.of()), home.isEmpty() ? "/" : home);
    }

    private static String[] find(List<String[]> entries, String nameOrId) {
        for (String[] e : entries) {
            if (e.length > 2 && e[0].equals(nameOrId)) {
                return e;
            }
        }
        if (isNumber(nameOrId)) {
            for (String[] e : entries) {
                if (e.length > 2 && e[2].equals(nameOrId)) {
                    return e;
                }
            }
        }
        return null;
    }

    private static List<String[]> entries(ContainerFiles files, String file) throws IOException {
        List<String[]> entries = new ArrayList<>();
        for (String line : files.lines(file)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                entries.add(line.split(":", -1));
            }
        }
        return entries;
    }

    private static boolean isNumber(String s) {
        return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
    }

    private static int parseId(String s, String spec) {
        try {
            long id = Long.parseLong(s);
            if (id < 0 || id > 0xFFFFFFFEL) {
                throw new NumberFormatException();
            }
            return (int) id;
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("invalid user " + spec + ": " + s + " is not a valid id");
        }
    }
}
