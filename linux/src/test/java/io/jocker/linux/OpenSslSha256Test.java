package io.jocker.linux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.security.DigestException;
import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OpenSslSha256Test {

    private final Random random = new Random(7);

    @BeforeEach
    void libcryptoIsInstalled() {
        assumeTrue(OpenSslSha256.create().isPresent(), "libcrypto.so.3 is not installed");
    }

    /** Sizes around SHA-256's 64-byte block and the digest's 1 MiB native buffer. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 55, 56, 63, 64, 65, 1000, (1 << 20) - 1, 1 << 20, (1 << 20) + 1, 3 * (1 << 20) + 17})
    void equalsTheJdksDigestOnRandomData(int size) throws Exception {
        byte[] data = randomBytes(size);

        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(data), OpenSslSha256.create().orElseThrow().digest(data));
    }

    @Test
    void updatesInUnevenSlicesAndAtOffsetsEqualOneUpdate() throws Exception {
        byte[] data = randomBytes(5 * (1 << 20) + 333);
        MessageDigest jdk = MessageDigest.getInstance("SHA-256");
        MessageDigest openssl = OpenSslSha256.create().orElseThrow();
        for (int offset = 0; offset < data.length; ) {
            int n = Math.min(data.length - offset, 1 + random.nextInt(3 * (1 << 20)));
            jdk.update(data, offset, n);
            openssl.update(data, offset, n);
            offset += n;
        }
        openssl.update((byte) 42);
        jdk.update((byte) 42);

        assertArrayEquals(jdk.digest(), openssl.digest());
    }

    @Test
    void hashesDirectAndHeapBuffersFromTheirPositionToTheirLimit() throws Exception {
        byte[] data = randomBytes(3 * (1 << 20) + 5);
        MessageDigest openssl = OpenSslSha256.create().orElseThrow();
        try (NativeBuffer direct = new NativeBuffer(data.length + 20)) {
            direct.bytes().position(7);
            direct.bytes().put(data);
            direct.bytes().position(7).limit(7 + data.length);
            openssl.update(direct.bytes());

            assertEquals(7 + data.length, direct.bytes().position());
        }
        ByteBuffer heap = ByteBuffer.wrap(data);
        heap.position(data.length - 1000);
        openssl.update(heap);
        MessageDigest jdk = MessageDigest.getInstance("SHA-256");
        jdk.update(data);
        jdk.update(data, data.length - 1000, 1000);

        assertArrayEquals(jdk.digest(), openssl.digest());
    }

    @Test
    void aDigestStartsAfreshAfterItsResult() throws Exception {
        MessageDigest openssl = OpenSslSha256.create().orElseThrow();
        openssl.update(randomBytes(100));
        openssl.digest();
        byte[] data = randomBytes(4096);

        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(data), openssl.digest(data));
        openssl.update(randomBytes(10));
        openssl.reset();
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(data), openssl.digest(data));
    }

    @Test
    void writesTheDigestIntoABufferThatHoldsIt() throws Exception {
        MessageDigest openssl = OpenSslSha256.create().orElseThrow();
        byte[] data = randomBytes(300);
        openssl.update(data);
        byte[] out = new byte[40];

        assertEquals(32, openssl.digest(out, 8, 32));
        byte[] expected = MessageDigest.getInstance("SHA-256").digest(data);
        for (int i = 0; i < 32; i++) {
            assertEquals(expected[i], out[8 + i]);
        }
        assertThrows(DigestException.class, () -> openssl.digest(new byte[31], 0, 31));
    }

    private byte[] randomBytes(int size) {
        byte[] data = new byte[size];
        random.nextBytes(data);
        return data;
    }
}
