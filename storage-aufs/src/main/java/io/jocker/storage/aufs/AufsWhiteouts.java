package io.jocker.storage.aufs;

import java.util.Set;

/** aufs's own whiteout names, which happen to be the ones OCI borrowed. */
final class AufsWhiteouts {

    static final String PREFIX = ".wh.";
    static final String OPAQUE = ".wh..wh..opq";
    /** aufs's bookkeeping at a branch root (hard-link base, orphans, pseudo-links); never content. */
    static final Set<String> METADATA = Set.of(".wh..wh.aufs", ".wh..wh.orph", ".wh..wh.plnk");

    private AufsWhiteouts() {}
}
