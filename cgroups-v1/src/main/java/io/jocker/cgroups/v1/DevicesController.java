package io.jocker.cgroups.v1;

import io.jocker.spi.support.CgroupFiles;
import io.jocker.spi.CgroupException;
import io.jocker.spi.Resources;
import java.nio.file.Path;
import java.util.List;

/** {@code devices}: deny everything, then allow Docker's default device list and the container's own rules. */
record DevicesController(Path mount) implements Controller {

    /** Docker's (runc's) default allow list for unprivileged containers. */
    static final List<String> DEFAULT_ALLOW = List.of(
            "c *:* m", "b *:* m",
            "c 1:3 rwm", "c 1:5 rwm", "c 1:7 rwm", "c 1:8 rwm", "c 1:9 rwm",
            "c 5:0 rwm", "c 5:1 rwm", "c 5:2 rwm", "c 136:* rwm", "c 10:200 rwm");

    @Override
    public String name() {
        return "devices";
    }

    /** The kernel takes one rule per write. */
    @Override
    public void initialise(Path parent, Path dir) throws CgroupException {
        CgroupFiles.write(dir.resolve("devices.deny"), "a");
        for (String rule : DEFAULT_ALLOW) {
            CgroupFiles.write(dir.resolve("devices.allow"), rule);
        }
    }

    @Override
    public void apply(Path dir, Resources resources) throws CgroupException {
        if (resources.deviceRules() != null) {
            for (String rule : resources.deviceRules()) {
                CgroupFiles.write(dir.resolve("devices.allow"), rule);
            }
        }
    }
}
