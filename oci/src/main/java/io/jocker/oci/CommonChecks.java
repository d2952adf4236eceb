package io.jocker.oci;

import java.nio.file.Path;

/** The options of create and run that jocker-runc cannot honour yet, refused the same way by both. */
final class CommonChecks {

    private CommonChecks() {}

    static void refuse(Path consoleSocket, int preserveFds) throws OciException {
        if (consoleSocket != null) {
            throw new OciException("--console-socket is not supported yet: jocker-runc runs no terminal containers");
        }
        if (preserveFds != 0) {
            throw new OciException("--preserve-fds is not supported yet: only stdio reaches the container");
        }
    }
}
