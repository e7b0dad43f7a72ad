package dev.wsengine.client;

import dev.wsengine.handshake.AcceptKey;
import dev.wsengine.handshake.ExtensionHeader;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Extension;
import jakarta.websocket.HandshakeResponse;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The connect phase of a client connection, on the caller's thread: TCP, an optional HTTP proxy
 * CONNECT, TLS for {@code wss://}, then the opening handshake, all within one connect timeout.
 * Every refusal becomes a {@link DeploymentException} that says what the server answered.
 */
final class ClientConnector {

    /** What a successful connect phase leaves: the open wire, and what the handshake agreed. */
    record Connected(Wire wire, ByteBuffer leftover, String subprotocol, List<Extension> extensions) {
    }

    private final ConnectionSettings settings;

    ClientConnector(ConnectionSettings settings) {
        this.settings = settings;
    }

    Connected connect(URI uri, ClientEndpointConfig config) throws DeploymentException {
        Target target = Target.of(uri);
        SocketChannel channel = null;
        Wire wire = null;
        try (Deadline deadline = new Deadline(settings.connectTimeoutMs())) {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            InetSocketAddress proxy = resolved(settings.proxy());
            InetSocketAddress first = proxy != null ? proxy : new InetSocketAddress(target.host(), target.port());
            if (!channel.connect(first)) {
                deadline.awaitConnected(channel);
                channel.finishConnect();
            }
            wire = new PlainWire(channel);
            if (proxy != null) {
                tunnelThroughProxy(wire, target, deadline);
            }
            if (target.secure()) {
                TlsWire tls = new TlsWire(channel, newEngine(target));
                wire = tls;
                tls.handshake(deadline);
            }
            return handshake(wire, target, config, deadline);
        } catch (DeploymentException e) {
            closeQuietly(wire, channel);
            throw e;
        } catch (IOException | RuntimeException e) {
            closeQuietly(wire, channel);
            throw new DeploymentException("Cannot connect to " + uri + ": " + e, e);
        }
    }

    /** A proxy given as "host:port" is looked up when it is used, not when it is configured. */
    private static InetSocketAddress resolved(InetSocketAddress address) {
        return address == null || !address.isUnresolved() ? address
                : new InetSocketAddress(address.getHostString(), address.getPort());
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

    private static void tunnelThroughProxy(Wire wire, Target target, Deadline deadline)
            throws IOException, DeploymentException {
        String authority = target.host() + ":" + target.port();
        writeFully(wire, "CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\n\r\n", deadline);
        ResponseHead answer = ResponseHead.read(wire, deadline);
        if (answer.status != 200) {
            throw new DeploymentException("The proxy refused to connect to " + authority + ": HTTP status "
                    + answer.status + " " + answer.reason);
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
        SSLEngine engine = context.createSSLEngine(target.host(), target.port());
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        if (settings.hostnameVerification()) {
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
        }
        if (!target.isIpLiteral()) {
            parameters.setServerNames(List.of(new SNIHostName(target.host())));
        }
        engine.setSSLParameters(parameters);
        return engine;
    }

    private static Connected handshake(Wire wire, Target target, ClientEndpointConfig config, Deadline deadline)
            throws IOException, DeploymentException {
        String key = AcceptKey.newClientKey();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Host", List.of(target.hostHeader()));
        headers.put("Upgrade", List.of("websocket"));
        headers.put("Connection", List.of("Upgrade"));
        headers.put("Sec-WebSocket-Key", List.of(key));
        headers.put("Sec-WebSocket-Version", List.of("13"));
        if (!config.getPreferredSubprotocols().isEmpty()) {
            headers.put("Sec-WebSocket-Protocol", List.of(String.join(", ", config.getPreferredSubprotocols())));
        }
        if (!config.getExtensions().isEmpty()) {
            headers.put("Sec-WebSocket-Extensions", List.of(ExtensionHeader.format(config.getExtensions())));
        }
        config.getConfigurator().beforeRequest(headers);

        StringBuilder request = new StringBuilder("GET ").append(target.pathAndQuery()).append(" HTTP/1.1\r\n");
        headers.forEach((name, values) -> {
            for (String value : values) {
                request.append(name).append(": ").append(value).append("\r\n");
            }
        });
        writeFully(wire, request.append("\r\n").toString(), deadline);

        ResponseHead response = ResponseHead.read(wire, deadline);
        if (response.status != 101) {
            throw new DeploymentException("The server refused the WebSocket handshake for " + target.uri()
                    + ": HTTP status " + response.status + " " + response.reason);
        }
        HandshakeResponse handshakeResponse = response::headersView;
        config.getConfigurator().afterResponse(handshakeResponse);
        requireToken(response, "Upgrade", "websocket");
        requireToken(response, "Connection", "upgrade");
        String accept = single(response, "Sec-WebSocket-Accept");
        if (!AcceptKey.forKey(key).equals(accept)) {
            throw new DeploymentException("The server answered with a wrong Sec-WebSocket-Accept: " + accept);
        }
        String subprotocol = single(response, "Sec-WebSocket-Protocol");
        if (subprotocol != null && !config.getPreferredSubprotocols().contains(subprotocol)) {
            throw new DeploymentException("The server chose subprotocol '" + subprotocol
                    + "', which the client did not offer (offered: " + config.getPreferredSubprotocols() + ")");
        }
        List<Extension> extensions = ExtensionHeader.parse(response.values("Sec-WebSocket-Extensions"));
        for (Extension extension : extensions) {
            if (config.getExtensions().stream().noneMatch(offered -> offered.getName().equals(extension.getName()))) {
                throw new DeploymentException("The server agreed to extension '" + extension.getName()
                        + "', which the client did not offer");
            }
        }
        return new Connected(wire, response.leftover, subprotocol == null ? "" : subprotocol, extensions);
    }

    private static void requireToken(ResponseHead response, String header, String token) throws DeploymentException {
        for (String value : response.values(header)) {
            for (String part : value.split(",")) {
                if (part.trim().equalsIgnoreCase(token)) {
                    return;
                }
            }
        }
        throw new DeploymentException("The server's 101 lacks '" + header + ": " + token + "'");
    }

    private static String single(ResponseHead response, String header) throws DeploymentException {
        List<String> values = response.values(header);
        if (values.size() > 1) {
            throw new DeploymentException("The server sent " + header + " more than once");
        }
        return values.isEmpty() ? null : values.get(0).trim();
    }

    private static void writeFully(Wire wire, String text, Deadline deadline) throws IOException {
        ByteBuffer[] bytes = {ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1))};
        while (!wire.write(bytes)) {
            deadline.awaitWritable(wire.channel());
        }
    }

    /** Where a {@code ws://} or {@code wss://} URI points. */
    record Target(URI uri, String host, int port, boolean secure) {

        static Target of(URI uri) throws DeploymentException {
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
            if (!scheme.equals("ws") && !scheme.equals("wss")) {
                throw new DeploymentException("Not a WebSocket URI (ws:// or wss://): " + uri);
            }
            if (uri.getHost() == null) {
                throw new DeploymentException("WebSocket URI without a host: " + uri);
            }
            boolean secure = scheme.equals("wss");
            int port = uri.getPort() != -1 ? uri.getPort() : secure ? 443 : 80;
            return new Target(uri, uri.getHost(), port, secure);
        }

        String hostHeader() {
            boolean defaultPort = port == (secure ? 443 : 80);
            String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
            return defaultPort ? h : h + ":" + port;
        }

        String pathAndQuery() {
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        }

        boolean isIpLiteral() {
            return host.startsWith("[") || host.chars().allMatch(c -> Character.isDigit(c) || c == '.')
                    || host.contains(":");
        }
    }
}
