package dev.wsengine.client;

import dev.wsengine.testsupport.HttpHead;

import jakarta.websocket.ClientEndpointConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What the client says in its TLS handshake, seen by the JDK's own TLS server socket. */
class TlsConnectIT {

    private final WsClientContainer container = new WsClientContainer();

    @AfterEach
    void shutdown() {
        container.shutdown();
    }

    /** Completes TLS, notes the server name the client indicated, reads the upgrade request and refuses it with 403. */
    private static final class SniRecorder implements AutoCloseable {
        final CompletableFuture<String> serverName = new CompletableFuture<>();
        final CompletableFuture<HttpHead> request = new CompletableFuture<>();
        private final SSLServerSocket socket;

        SniRecorder(SelfSignedCertificate certificate) throws IOException {
            socket = (SSLServerSocket) certificate.serverContext().getServerSocketFactory()
                    .createServerSocket(0, 10, InetAddress.getLoopbackAddress());
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setSNIMatchers(List.of(new SNIMatcher(0) {
                @Override
                public boolean matches(SNIServerName name) {
                    serverName.complete(((SNIHostName) name).getAsciiName());
                    return true;
                }
            }));
            socket.setSSLParameters(parameters);
            Thread thread = new Thread(() -> {
                try (SSLSocket s = (SSLSocket) socket.accept()) {
                    s.startHandshake();
                    serverName.complete("(none)"); // no-op when the matcher saw a name
                    request.complete(HttpHead.read(s.getInputStream()));
                    s.getOutputStream().write("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n"
                            .getBytes(StandardCharsets.ISO_8859_1));
                    s.getOutputStream().flush();
                } catch (IOException e) {
                    serverName.completeExceptionally(e);
                    request.completeExceptionally(e);
                }
            }, "sni-recorder");
            thread.setDaemon(true);
            thread.start();
        }

        URI uri(String host) {
            return URI.create("wss://" + host + ":" + socket.getLocalPort() + "/tls");
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void indicatesTheHostNameAndSpeaksHttpInsideTls() throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.localhost();
        try (SniRecorder server = new SniRecorder(certificate)) {
            ClientEndpointConfig config = ClientEndpointConfig.Builder.create().build();
            config.getUserProperties().put(ClientProperties.SSL_CONTEXT, certificate.trustingClientContext());
            UpgradeFailedException e = assertThrows(UpgradeFailedException.class,
                    () -> container.connectToServer(new Recorder(), config, server.uri("localhost")));
            assertEquals(403, e.status(), "the refusal came through TLS: " + e.getMessage());
            assertEquals("localhost", server.serverName.get(10, TimeUnit.SECONDS));
            assertEquals(List.of("localhost:" + server.uri("localhost").getPort()),
                    server.request.get(10, TimeUnit.SECONDS).values("Host"));
        }
    }

    @Test
    void indicatesNoNameForAnIpAddress() throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.localhost();
        try (SniRecorder server = new SniRecorder(certificate)) {
            ClientEndpointConfig config = ClientEndpointConfig.Builder.create().build();
            config.getUserProperties().put(ClientProperties.SSL_CONTEXT, certificate.trustingClientContext());
            config.getUserProperties().put(ClientProperties.HOSTNAME_VERIFICATION, "false");
            UpgradeFailedException e = assertThrows(UpgradeFailedException.class,
                    () -> container.connectToServer(new Recorder(), config, server.uri("127.0.0.1")));
            assertEquals(403, e.status());
            assertEquals("(none)", server.serverName.get(10, TimeUnit.SECONDS));
        }
    }
}
