package dev.wsengine.server;

import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;

import java.net.URI;
import java.security.Principal;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The request and response as {@code Configurator.modifyHandshake} sees them. */
final class HandshakeViews {

    private HandshakeViews() {
    }

    /** Read-only, header names case-insensitive. */
    static HandshakeRequest request(UpgradeRequest request) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        request.headerMap().forEach((name, values) -> headers.put(name, List.copyOf(values)));
        Map<String, List<String>> readOnlyHeaders = Collections.unmodifiableMap(headers);
        Map<String, List<String>> parameters = Collections.unmodifiableMap(request.parameterMap());
        return new HandshakeRequest() {
            @Override
            public Map<String, List<String>> getHeaders() {
                return readOnlyHeaders;
            }

            @Override
            public Principal getUserPrincipal() {
                return request.userPrincipal();
            }

            @Override
            public URI getRequestURI() {
                return request.requestUri();
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
        };
    }

    /** Mutable: what the configurator puts here goes on the 101. */
    static HandshakeResponse response(Map<String, List<String>> headers) {
        return () -> headers;
    }
}
