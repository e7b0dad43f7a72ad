package dev.wsengine.server;

import dev.wsengine.session.RequestUri;
import jakarta.websocket.server.HandshakeRequest;

import java.net.URI;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@link HandshakeRequest} a configurator sees: a read-only snapshot of the upgrade request,
 * header names matched case-insensitively.
 */
final class WsHandshakeRequest implements HandshakeRequest {

    private final UpgradeRequest request;
    private final RequestUri requestUri;
    private final Map<String, List<String>> headers;
    private final Map<String, List<String>> parameters;
    private final Map<String, List<String>> queryParameters;

    /**
     * @param headers        the request's headers as {@link #readOnlyCaseInsensitive} made them
     * @param pathParameters the endpoint's path parameters, which {@link #getParameterMap()} shows
     *                       beside the query's (as Tomcat does, and the TCK expects)
     */
    WsHandshakeRequest(UpgradeRequest request, Map<String, List<String>> headers, RequestUri requestUri,
                       Map<String, String> pathParameters) {
        this.request = request;
        this.requestUri = requestUri;
        this.headers = headers;
        Map<String, List<String>> query = request.parameterMap();
        this.queryParameters = readOnly(query);
        if (pathParameters.isEmpty()) {
            this.parameters = queryParameters;
        } else {
            Map<String, List<String>> all = new LinkedHashMap<>(queryParameters);
            pathParameters.forEach((name, value) -> all.putIfAbsent(name, List.of(value)));
            this.parameters = Collections.unmodifiableMap(all);
        }
    }

    /** The query's parameters alone: what {@code Session.getRequestParameterMap()} reports. */
    Map<String, List<String>> queryParameters() {
        return queryParameters;
    }

    /**
     * The headers as the handshake keeps them. A map already keyed case-insensitively (the servlet
     * bridge builds one for each request) is kept, its value lists made read-only; any other is
     * copied into one, names that differ only in case merged.
     */
    static Map<String, List<String>> readOnlyCaseInsensitive(Map<String, List<String>> source) {
        if (source instanceof TreeMap<String, List<String>> keyed && keyed.comparator() == String.CASE_INSENSITIVE_ORDER) {
            // List.copyOf keeps an already immutable list as it is, so this costs nothing for the bridge's lists.
            keyed.replaceAll((name, values) -> values == null ? List.of() : List.copyOf(values));
            return Collections.unmodifiableMap(keyed);
        }
        Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (source != null) {
            source.forEach((name, values) -> copy.merge(name, List.copyOf(values == null ? List.of() : values),
                    (a, b) -> {
                        List<String> both = new ArrayList<>(a);
                        both.addAll(b);
                        return List.copyOf(both);
                    }));
        }
        return Collections.unmodifiableMap(copy);
    }

    private static Map<String, List<String>> readOnly(Map<String, List<String>> source) {
        if (source == null || source.isEmpty()) {
            return Map.of();
        }
        Map<String, List<String>> copy = new LinkedHashMap<>();
        source.forEach((k, v) -> copy.put(k, v == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(v))));
        return Collections.unmodifiableMap(copy);
    }

    @Override
    public Map<String, List<String>> getHeaders() {
        return headers;
    }

    @Override
    public Principal getUserPrincipal() {
        return request.userPrincipal();
    }

    @Override
    public URI getRequestURI() {
        return requestUri.get();
    }

    @Override
    public boolean isUserInRole(String role) {
        return request.isUserInRole(role);
    }

    @Override
    public Object getHttpSession() {
        return request.httpSession();
    }

    @Override
    public Map<String, List<String>> getParameterMap() {
        return parameters;
    }

    @Override
    public String getQueryString() {
        return request.queryString();
    }

    /** The request parameters as frozen for the session. */
    Map<String, List<String>> parameters() {
        return parameters;
    }
}
