package io.jocker.cgroups.v1;

import io.jocker.spi.support.CgroupFiles;
import io.jocker.spi.CgroupException;
import io.jocker.spi.Resources;
import java.nio.file.Path;

/** {@code pids}: the task limit and count. */
record PidsController(Path mount) implements Controller {

    @Override
    public String name() {
        return "pids";
    }

    @Override
    public boolean governs(Resources r) {
        return r.pidsLimit() != null;
    }

    @Override
    public void apply(Path dir, Resources r) throws CgroupException {
        if (r.pidsLimit() != null) {
            CgroupFiles.write(dir.resolve("pids.max"), r.pidsLimit() > 0 ? Long.toString(r.pidsLimit()) : "max");
        }
    }

    long current(Path dir) throws CgroupException {
        return CgroupFiles.readLong(dir.resolve("pids.current"));
    }
}
