package io.jocker.images;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Known answers computed with sha256sum(1). */
class DigestsTest {

    private static final String A = "sha256:" + "a".repeat(64);
    private static final String B = "sha256:" + "b".repeat(64);
    private static final String C = "sha256:" + "c".repeat(64);

    @Test
    void sha256OfBytes() {
        assertEquals("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Digests.of(new byte[0]));
    }

    @Test
    void chainIdsFollowTheOciDefinition() {
        assertEquals(List.of(A), Digests.chainIds(List.of(A)));
        assertEquals(List.of(A, "sha256:ccd722928bd92476ba1745586fed6e45a102504185ad88cd89e01ff116fd146c",
                "sha256:c1377126441fb2f5ec2c21ae2a60255331d639e830f0ee1b40a36e52d4c40588"),
                Digests.chainIds(List.of(A, B, C)));
        assertEquals(List.of(), Digests.chainIds(List.of()));
    }

    @Test
    void hexStripsTheAlgorithm() {
        assertEquals("a".repeat(64), Digests.hex(A));
        assertEquals("abc", Digests.hex("abc"));
    }
}
