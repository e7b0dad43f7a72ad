package dev.wsengine.bridge;

import dev.wsengine.server.UpgradeRequest;
import jakarta.servlet.http.HttpServletRequest;

import java.net.URI;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The engine's view of an upgrade request, read from an {@link HttpServletRequest}. */
final class ServletUpgradeRequest implements UpgradeRequest {

    private final HttpServletRequest request;
    private final String path;

    ServletUpgradeRequest(HttpServletRequest request, String path) {
        this.request = request;
        this.path = path;
    }

    /** The request path inside the web application, still URL-encoded as it came on the wire. */
    static String pathWithinApplication(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        return context != null && uri.startsWith(context) ? uri.substring(context.length()) : uri;
    }

    @Override
    public String method() {
        return request.getMethod();
    }

    @Override
    public String protocol() {
        return request.getProtocol();
    }

    @Override
    public List<String> headers(String name) {
        Enumeration<String> values = request.getHeaders(name);
        return values == null ? List.of() : Collections.list(values);
    }

    @Override
    public Map<String, List<String>> headerMap() {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name, headers(name));
        }
        return headers;
    }

    @Override
    public URI requestUri() {
        String scheme = request.isSecure() ? "wss" : "ws";
        StringBuilder uri = new StringBuilder(scheme).append("://").append(hostHeaderOrServerName());
        uri.append(request.getRequestURI());
        if (request.getQueryString() != null) {
            uri.append('?').append(request.getQueryString());
        }
        return URI.create(uri.toString());
    }

    private String hostHeaderOrServerName() {
        String host = request.getHeader("Host");
        return host != null && !host.isBlank() ? host : request.getServerName() + ":" + request.getServerPort();
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public String queryString() {
        return request.getQueryString();
    }

    @Override
    public Map<String, List<String>> parameterMap() {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        request.getParameterMap().forEach((name, values) -> parameters.put(name, new ArrayList<>(List.of(values))));
        return parameters;
    }

    @Override
    public Principal userPrincipal() {
        return request.getUserPrincipal();
    }

    @Override
    public boolean isUserInRole(String role) {
        return request.isUserInRole(role);
    }

    @Override
    public Object httpSession() {
        return request.getSession(false);
    }

    @Override
    public boolean isSecure() {
        return request.isSecure();
    }
}
