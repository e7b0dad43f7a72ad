package dev.wsengine.bridge;

import dev.wsengine.server.MalformedRequestException;
import dev.wsengine.server.UpgradeRequest;
import jakarta.servlet.http.HttpServletRequest;

import java.security.Principal;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The engine's view of an upgrade request, read from an {@link HttpServletRequest} on demand. */
final class ServletUpgradeRequest implements UpgradeRequest {

    private final HttpServletRequest request;

    ServletUpgradeRequest(HttpServletRequest request) {
        this.request = request;
    }

    /** True when the request asks for the websocket protocol in its {@code Upgrade} header. */
    static boolean asksForWebSocket(HttpServletRequest request) {
        Enumeration<String> upgrades = request.getHeaders("Upgrade");
        while (upgrades != null && upgrades.hasMoreElements()) {
            for (String token : upgrades.nextElement().split(",")) {
                if (token.trim().equalsIgnoreCase("websocket")) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The path inside the web application, still percent-encoded as it came on the wire: the
     * server matches templates segment by segment and decodes each one itself, so that an encoded
     * '/' stays inside its segment.
     */
    static String pathWithinApplication(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        String path = context != null && !context.isEmpty() && uri.startsWith(context) ? uri.substring(context.length()) : uri;
        return path.isEmpty() ? "/" : path;
    }

    @Override
    public String method() {
        return request.getMethod();
    }

    @Override
    public String protocol() {
        return request.getProtocol();
    }

    /** Immutable, so that the engine's read-only snapshot can keep it instead of copying it. */
    private List<String> headers(String name) {
        Enumeration<String> values = request.getHeaders(name);
        if (values == null || !values.hasMoreElements()) {
            return List.of();
        }
        String first = values.nextElement();
        if (!values.hasMoreElements()) {
            return List.of(first);
        }
        List<String> all = new ArrayList<>();
        all.add(first);
        while (values.hasMoreElements()) {
            all.add(values.nextElement());
        }
        return List.copyOf(all);
    }

    @Override
    public Map<String, List<String>> headerMap() {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        Enumeration<String> names = request.getHeaderNames();
        while (names != null && names.hasMoreElements()) {
            String name = names.nextElement();
            headers.put(name, headers(name));
        }
        return headers;
    }

    @Override
    public String requestUri() {
        StringBuilder uri = new StringBuilder(request.getRequestURL());
        // http://... becomes ws://..., https://... becomes wss://...
        uri.replace(0, 4, "ws");
        String query = request.getQueryString();
        if (query != null) {
            uri.append('?').append(query);
        }
        return uri.toString();
    }

    @Override
    public String path() {
        return pathWithinApplication(request);
    }

    @Override
    public String queryString() {
        return request.getQueryString();
    }

    @Override
    public Map<String, List<String>> parameterMap() {
        // An upgrade is a GET without a body, so its parameters are its query's; most have none,
        // and asking the container would have it parse the request for nothing.
        if (request.getQueryString() == null) {
            return Map.of();
        }
        Map<String, String[]> decoded;
        try {
            decoded = request.getParameterMap();
        } catch (RuntimeException undecodable) {
            // Jetty throws for a query such as ?%zz; Tomcat drops such parameters.
            throw new MalformedRequestException("The request's query string cannot be decoded", undecodable);
        }
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        decoded.forEach((name, values) -> parameters.put(name, List.of(values)));
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
