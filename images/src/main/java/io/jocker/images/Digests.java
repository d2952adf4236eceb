package io.jocker.images;

import io.jocker.linux.OpenSslSha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** sha256 digests in OCI's {@code sha256:<hex>} form, and chain ids. */
public final class Digests {

    public static final String SHA256 = "sha256:";

    private Digests() {}

    /**
     * A SHA-256 for bulk data (layers, blobs): OpenSSL's where libcrypto is installed, since the
     * JDK's is fast only once C2 has compiled it, which most jocker JVMs never run; else the JDK's.
     */
    public static MessageDigest sha256() {
        return OpenSslSha256.create().orElseGet(Digests::jdkSha256);
    }

    /**
     * Whether {@link #sha256()} is OpenSSL's: the JDK's needs C2, so a JVM without it (such as the
     * supervisor) should leave whole layers to one with it.
     */
    public static boolean isNativeSha256() {
        return OpenSslSha256.isAvailable();
    }

    public static MessageDigest jdkSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The digest of a few bytes (a config, a chain id), where loading libcrypto would cost more than it saves. */
    public static String of(byte[] bytes) {
        return format(jdkSha256().digest(bytes));
    }

    public static String format(byte[] digest) {
        return SHA256 + HexFormat.of().formatHex(digest);
    }

    /** The hex part of {@code sha256:<hex>}. */
    public static String hex(String digest) {
        return digest.startsWith(SHA256) ? digest.substring(SHA256.length()) : digest;
    }

    /**
     * OCI chain ids: the first layer's is its diff id, each next one is
     * {@code sha256(parentChainId + " " + diffId)}. Returns one per layer, lowest first.
     */
    public static List<String> chainIds(List<String> diffIds) {
        String[] chain = new String[diffIds.size()];
        for (int i = 0; i < chain.length; i++) {
            chain[i] = i == 0 ? diffIds.get(0)
                    : of((chain[i - 1] + " " + diffIds.get(i)).getBytes(StandardCharsets.US_ASCII));
        }
        return List.of(chain);
    }
}
