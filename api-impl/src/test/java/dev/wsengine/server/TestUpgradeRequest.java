package dev.wsengine.server;

import java.security.Principal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** An {@link UpgradeRequest} built in tests: a valid RFC 6455 request unless changed. */
final class TestUpgradeRequest implements UpgradeRequest {

    static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    static final String ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

    private String method = "GET";
    private String protocol = "HTTP/1.1";
    private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final String path;
    private String query;
    private final Map<String, List<String>> parameters = new LinkedHashMap<>();
    private Principal principal;
    private Set<String> roles = Set.of();
    private Object httpSession;
    private boolean secure;
    private boolean handsOverHeaderMap;

    private TestUpgradeRequest(String path) {
        this.path = path;
        header("Host", "localhost:8080").header("Upgrade", "websocket").header("Connection", "Upgrade")
                .header("Sec-WebSocket-Key", KEY).header("Sec-WebSocket-Version", "13");
    }

    static TestUpgradeRequest to(String path) {
        return new TestUpgradeRequest(path);
    }

    TestUpgradeRequest method(String method) {
        this.method = method;
        return this;
    }

    TestUpgradeRequest protocol(String protocol) {
        this.protocol = protocol;
        return this;
    }

    /** Adds a header line. */
    TestUpgradeRequest header(String name, String value) {
        headers.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        return this;
    }

    /**
     * Makes {@link #headerMap()} return what the servlet bridge does: a case-insensitive TreeMap of
     * its own for each call (here with modifiable lists), which the engine keeps instead of copying.
     */
    TestUpgradeRequest handsOverItsHeaderMap() {
        this.handsOverHeaderMap = true;
        return this;
    }

    TestUpgradeRequest without(String name) {
        headers.remove(name);
        return this;
    }

    TestUpgradeRequest replace(String name, String value) {
        return without(name).header(name, value);
    }

    TestUpgradeRequest query(String query) {
        this.query = query;
        for (String pair : query.split("&")) {
            String[] kv = pair.split("=", 2);
            parameters.computeIfAbsent(kv[0], k -> new ArrayList<>()).add(kv.length > 1 ? kv[1] : "");
        }
        return this;
    }

    TestUpgradeRequest user(String name, String... roles) {
        this.principal = () -> name;
        this.roles = Set.of(roles);
        return this;
    }

    TestUpgradeRequest httpSession(Object session) {
        this.httpSession = session;
        return this;
    }

    TestUpgradeRequest secure() {
        this.secure = true;
        return this;
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public String protocol() {
        return protocol;
    }

    @Override
    public Map<String, List<String>> headerMap() {
        if (handsOverHeaderMap) {
            Map<String, List<String>> own = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            headers.forEach((name, values) -> own.put(name, new ArrayList<>(values)));
            return own;
        }
        return Collections.unmodifiableMap(headers);
    }

    @Override
    public String requestUri() {
        return ((secure ? "wss" : "ws") + "://localhost:8080" + path + (query == null ? "" : "?" + query));
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public String queryString() {
        return query;
    }

    @Override
    public Map<String, List<String>> parameterMap() {
        return parameters;
    }

    @Override
    public Principal userPrincipal() {
        return principal;
    }

    @Override
    public boolean isUserInRole(String role) {
        return roles.contains(role);
    }

    @Override
    public Object httpSession() {
        return httpSession;
    }

    @Override
    public boolean isSecure() {
        return secure;
    }
}
