package io.jocker.cgroups.v1;

import java.nio.file.Path;

/** {@code blkio}: joined for I/O accounting; no block I/O limits are offered yet. */
record BlkioController(Path mount) implements Controller {

    @Override
    public String name() {
        return "blkio";
    }
}
