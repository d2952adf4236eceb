package io.jocker.oci;

import io.jocker.linux.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** {@code --pid-file}: the init's PID, written atomically (a caller may poll for the file); null path for none. */
record PidFile(Path path) {

    static final PidFile NONE = new PidFile(null);

    void write(long pid) throws OciException {
        if (path == null) {
            return;
        }
        try {
            AtomicFiles.write(path.toAbsolutePath(), Long.toString(pid).getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new OciException("cannot write the pid file " + path + ": " + e.getMessage(), e);
        }
    }
}
