package io.jocker.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS trust for a registry, as Docker's: the system's CAs (the JDK's trust store, which
 * Debian's ca-certificates-java fills from the system's), plus the {@code *.crt} files in {@code
 * certs.d/<host[:port]>/}; for an insecure registry, no verification at all (Docker's
 * InsecureSkipVerify).
 */
final class TlsContexts {

    private TlsContexts() {}

    static SSLContext forRegistry(String registry, boolean insecure, Path certsDir) throws IOException {
        try {
            if (insecure) {
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, new TrustManager[] {new TrustingAll()}, null);
                return context;
            }
            Path dir = certsDir == null ? null : certsDir.resolve(registry);
            if (dir == null || !Files.isDirectory(dir)) {
                return SSLContext.getDefault();
            }
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int n = 0;
            for (X509Certificate system : defaultTrustManager().getAcceptedIssuers()) {
                trusted.setCertificateEntry("system-" + n++, system);
            }
            CertificateFactory x509 = CertificateFactory.getInstance("X.509");
            try (DirectoryStream<Path> crts = Files.newDirectoryStream(dir, "*.crt")) {
                for (Path crt : crts) {
                    try (InputStream in = Files.newInputStream(crt)) {
                        for (Certificate certificate : x509.generateCertificates(in)) {
                            trusted.setCertificateEntry("certs.d-" + n++, certificate);
                        }
                    }
                }
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS for " + registry + ": " + e.getMessage(), e);
        }
    }

    private static X509TrustManager defaultTrustManager() throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("the JDK has no X.509 trust manager");
    }

    /** Accepts any certificate for any name: only for registries the user declared insecure. */
    private static final class TrustingAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
