package dev.wsengine.client;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

/**
 * A key pair and self-signed certificate for {@code localhost} (and no IP address), made once
 * per test JVM by the JDK's own {@code keytool} into a temporary PKCS#12 key store.
 */
final class SelfSignedCertificate {

    static final String PASSWORD = "secret";

    private static SelfSignedCertificate localhost;

    final Path keystore;
    private final KeyStore store;

    private SelfSignedCertificate(Path keystore) throws IOException, GeneralSecurityException {
        this.keystore = keystore;
        this.store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, PASSWORD.toCharArray());
        }
    }

    static synchronized SelfSignedCertificate localhost() throws Exception {
        if (localhost == null) {
            Path dir = Files.createTempDirectory("wsengine-tls");
            Path keystore = dir.resolve("localhost.p12");
            Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair", "-alias", "localhost", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", "CN=localhost", "-ext", "SAN=dns:localhost", "-validity", "2",
                    "-storetype", "PKCS12", "-keystore", keystore.toString(),
                    "-storepass", PASSWORD, "-keypass", PASSWORD)
                    .redirectErrorStream(true).start();
            String output = new String(keytool.getInputStream().readAllBytes());
            if (keytool.waitFor() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
            dir.toFile().deleteOnExit();
            keystore.toFile().deleteOnExit();
            localhost = new SelfSignedCertificate(keystore);
        }
        return localhost;
    }

    /** A client context that trusts this certificate only. */
    SSLContext trustingClientContext() {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A server context presenting this certificate. */
    SSLContext serverContext() {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, PASSWORD.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
