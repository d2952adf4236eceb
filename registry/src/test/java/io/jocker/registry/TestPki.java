package io.jocker.registry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Keys and certificates a test makes with {@code openssl}: a CA, a server certificate it signs, a self-signed signing key. */
final class TestPki {

    private final Path dir;

    TestPki(Path dir) {
        this.dir = dir;
    }

    /** A self-signed EC certificate {@code name}.crt with its key {@code name}.key (PKCS#8). */
    Path selfSigned(String name, String subject) throws IOException, InterruptedException {
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", name + ".key",
                "-out", name + ".crt", "-subj", "/CN=" + subject, "-days", "2");
        return dir.resolve(name + ".crt");
    }

    /** {@code name}.crt for the IP address {@code ip}, signed by the CA {@code ca} (made by {@link #selfSigned}). */
    Path signed(String name, String ca, String ip) throws IOException, InterruptedException {
        openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", name + ".key",
                "-out", name + ".csr", "-subj", "/CN=" + ip);
        Files.writeString(dir.resolve(name + ".ext"), "subjectAltName=IP:" + ip + "\n");
        openssl("x509", "-req", "-in", name + ".csr", "-CA", ca + ".crt", "-CAkey", ca + ".key", "-CAcreateserial",
                "-out", name + ".crt", "-days", "2", "-extfile", name + ".ext");
        return dir.resolve(name + ".crt");
    }

    Path key(String name) {
        return dir.resolve(name + ".key");
    }

    PrivateKey privateKey(String name) throws Exception {
        String pem = Files.readString(key(name));
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    X509Certificate certificate(String name) throws Exception {
        try (var in = Files.newInputStream(dir.resolve(name + ".crt"))) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private void openssl(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(arguments));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("openssl.log").toFile()).start();
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + Files.readString(dir.resolve("openssl.log")));
        }
    }
}
