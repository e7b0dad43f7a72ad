package dev.wsengine.client;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.DeploymentException;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * The connect phase of a client connection, on the caller's thread: TCP, an optional HTTP proxy
 * tunnel, TLS for {@code wss://}, then the {@link OpeningHandshake}, all within one connect
 * timeout. Every failure becomes a {@link DeploymentException} that says what happened; a
 * refused or invalid handshake an {@link UpgradeFailedException} with the HTTP status.
 */
final class ClientConnector {

    /** What a successful connect phase leaves: the open wire and what the handshake agreed. */
    record Connected(Wire wire, OpeningHandshake.Agreed agreed) {
    }

    private final ConnectionSettings settings;

    ClientConnector(ConnectionSettings settings) {
        this.settings = settings;
    }

    Connected connect(URI uri, ClientEndpointConfig config) throws DeploymentException {
        Target target = Target.of(uri);
        SocketChannel channel = null;
        Wire wire = null;
        String step = "connect";
        try (Deadline deadline = new Deadline(settings.connectTimeoutMs())) {
            InetSocketAddress proxy = settings.proxyFor(target);
            InetSocketAddress first = proxy != null ? proxy : new InetSocketAddress(target.bareHost(), target.port());
            if (first.isUnresolved()) {
                throw new java.net.UnknownHostException("Cannot resolve " + first.getHostString());
            }
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            step = proxy != null ? "connect to the proxy " + proxy : "connect";
            if (!channel.connect(first)) {
                deadline.awaitConnected(channel);
                channel.finishConnect();
            }
            wire = new PlainWire(channel);
            if (proxy != null) {
                step = "tunnel through the proxy " + proxy;
                tunnelThroughProxy(wire, target, deadline);
            }
            if (target.secure()) {
                step = "complete the TLS handshake";
                TlsWire tls = new TlsWire(channel, newEngine(target));
                wire = tls;
                tls.handshake(deadline);
            }
            step = "complete the WebSocket handshake";
            return new Connected(wire, OpeningHandshake.perform(wire, target, config, deadline));
        } catch (DeploymentException e) {
            closeQuietly(wire, channel);
            throw e;
        } catch (SocketTimeoutException e) {
            closeQuietly(wire, channel);
            throw new DeploymentException("Cannot " + step + " to " + uri + " within the connect timeout of "
                    + settings.connectTimeoutMs() + " ms (" + ClientProperties.CONNECT_TIMEOUT_MS + ")", e);
        } catch (SSLException e) {
            closeQuietly(wire, channel);
            throw new DeploymentException("TLS with " + uri + " failed: " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            closeQuietly(wire, channel);
            throw new DeploymentException("Cannot " + step + " to " + uri + ": " + e, e);
        }
    }

    private static void closeQuietly(Wire wire, SocketChannel channel) {
        if (wire != null) {
            wire.close();
        } else if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Failing already.
            }
        }
    }

    private void tunnelThroughProxy(Wire wire, Target target, Deadline deadline) throws IOException, DeploymentException {
        StringBuilder connect = new StringBuilder("CONNECT ").append(target.authority()).append(" HTTP/1.1\r\nHost: ")
                .append(target.authority()).append("\r\n");
        String authorization = settings.proxyAuthorization();
        if (authorization != null) {
            if (authorization.indexOf('\r') >= 0 || authorization.indexOf('\n') >= 0) {
                throw new DeploymentException(ClientProperties.PROXY_AUTHORIZATION + " contains CR or LF");
            }
            connect.append("Proxy-Authorization: ").append(authorization).append("\r\n");
        }
        writeFully(wire, connect.append("\r\n").toString(), deadline);
        ResponseHead answer = ResponseHead.read(wire, deadline);
        if (answer.status / 100 != 2) {
            throw new UpgradeFailedException(answer.status, answer.headersView(), "The proxy refused to connect to "
                    + target.authority() + ": HTTP status " + answer.status + " " + answer.reason, null);
        }
        if (answer.leftover.hasRemaining()) {
            // Neither TLS nor the WebSocket handshake lets the server speak first.
            throw new ProtocolException("The proxy sent bytes behind its answer to CONNECT");
        }
    }

    private SSLEngine newEngine(Target target) throws IOException {
        SSLContext context = settings.sslContext();
        if (context == null) {
            try {
                context = SSLContext.getDefault();
            } catch (NoSuchAlgorithmException e) {
                throw new IOException("No default SSLContext", e);
            }
        }
        SSLEngine engine = context.createSSLEngine(target.bareHost(), target.port());
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        if (settings.hostnameVerification()) {
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
        }
        if (!target.isIpLiteral()) {
            parameters.setServerNames(List.of(new SNIHostName(target.bareHost())));
        }
        engine.setSSLParameters(parameters);
        return engine;
    }

    static void writeFully(Wire wire, String text, Deadline deadline) throws IOException {
        ByteBuffer[] bytes = {ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1))};
        while (!wire.write(bytes)) {
            deadline.awaitWritable(wire.channel());
        }
    }
}
