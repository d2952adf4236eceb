package io.jocker.namespaces;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/** A root file system made of the host's static busybox and a symlink per applet. */
final class BusyboxRootfs {

    private static final Path BUSYBOX = Path.of("/usr/bin/busybox");

    private BusyboxRootfs() {}

    static Path create(Path dir) throws IOException, InterruptedException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.copy(BUSYBOX, bin.resolve("busybox"), StandardCopyOption.COPY_ATTRIBUTES);
        Process list = new ProcessBuilder(BUSYBOX.toString(), "--list").redirectErrorStream(true).start();
        List<String> applets = new String(list.getInputStream().readAllBytes()).lines().toList();
        if (list.waitFor() != 0 || applets.isEmpty()) {
            throw new IOException("busybox --list failed");
        }
        for (String applet : applets) {
            if (!applet.equals("busybox")) {
                Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
            }
        }
        Path etc = Files.createDirectories(dir.resolve("etc"));
        Files.writeString(etc.resolve("passwd"), "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n");
        Files.writeString(etc.resolve("group"), "root:x:0:\ntty:x:5:\nnogroup:x:65534:\n");
        Files.createDirectories(dir.resolve("tmp"));
        Files.createDirectories(dir.resolve("root"));
        return dir;
    }
}
