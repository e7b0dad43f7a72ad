package dev.wsengine.tck.conformance;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An opening handshake as a browser sends it (no Content-Length), with any header replaced or
 * left out so that broken requests can be written too.
 */
public final class UpgradeRequest {

    private String method = "GET";
    private String version = "HTTP/1.1";
    private final String target;
    private final List<String[]> headers = new ArrayList<>();
    private final String key;

    public UpgradeRequest(URI uri) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        this.target = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        this.key = AcceptKey.newKey();
        int port = uri.getPort() < 0 ? 80 : uri.getPort();
        header("Host", uri.getHost() + ":" + port);
        header("Upgrade", "websocket");
        header("Connection", "Upgrade");
        header("Sec-WebSocket-Key", key);
        header("Sec-WebSocket-Version", "13");
        header("Origin", "http://" + uri.getHost() + ":" + port);
    }

    public String key() {
        return key;
    }

    public UpgradeRequest method(String method) {
        this.method = method;
        return this;
    }

    public UpgradeRequest httpVersion(String version) {
        this.version = version;
        return this;
    }

    /** Replaces every header of this name (any case) with one line; null removes them. */
    public UpgradeRequest set(String name, String value) {
        headers.removeIf(h -> h[0].equalsIgnoreCase(name));
        if (value != null) {
            header(name, value);
        }
        return this;
    }

    /** Adds one more header line. */
    public UpgradeRequest header(String name, String value) {
        headers.add(new String[] {name, value});
        return this;
    }

    public byte[] bytes() {
        StringBuilder text = new StringBuilder(method).append(' ').append(target).append(' ').append(version).append("\r\n");
        for (String[] h : headers) {
            text.append(h[0]).append(": ").append(h[1]).append("\r\n");
        }
        return text.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    @Override
    public String toString() {
        return new String(bytes(), StandardCharsets.ISO_8859_1);
    }
}
