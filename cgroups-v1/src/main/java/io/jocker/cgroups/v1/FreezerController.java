package io.jocker.cgroups.v1;

import io.jocker.spi.support.CgroupFiles;
import io.jocker.spi.CgroupException;
import java.nio.file.Path;

/** {@code freezer}: pause and unpause, waiting until the kernel reports the new state. */
record FreezerController(Path mount) implements Controller {

    private static final String STATE = "freezer.state";
    private static final long SETTLE_MILLIS = 5_000;

    @Override
    public String name() {
        return "freezer";
    }

    void freeze(Path dir) throws CgroupException {
        change(dir, "FROZEN");
    }

    void thaw(Path dir) throws CgroupException {
        change(dir, "THAWED");
    }

    boolean isFrozen(Path dir) throws CgroupException {
        return CgroupFiles.read(dir.resolve(STATE)).equals("FROZEN");
    }

    /** Writing FROZEN only starts freezing (state FREEZING); rewriting it retries stuck tasks. */
    private static void change(Path dir, String wanted) throws CgroupException {
        Path state = dir.resolve(STATE);
        long deadline = System.currentTimeMillis() + SETTLE_MILLIS;
        while (true) {
            CgroupFiles.write(state, wanted);
            if (CgroupFiles.read(state).equals(wanted)) {
                return;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new CgroupException("cgroup " + dir + " did not become " + wanted + " within "
                        + SETTLE_MILLIS + " ms (state: " + CgroupFiles.read(state) + ")");
            }
            CgroupFiles.pause(10);
        }
    }
}
