package dev.wsengine.server;

import java.security.Principal;
import java.util.List;
import java.util.Map;

/**
 * An HTTP request that may open a WebSocket, as the server engine sees it. The servlet bridge
 * implements it over {@code HttpServletRequest}, so nothing in the engine imports the Servlet API.
 */
public interface UpgradeRequest {

    /** The HTTP method, such as {@code GET}. */
    String method();

    /** The protocol of the request line, such as {@code HTTP/1.1}. */
    String protocol();

    /**
     * All headers, one list element per header line, in a map of its own for each call, which the
     * engine keeps. A {@code TreeMap} ordered by {@code String.CASE_INSENSITIVE_ORDER} is used as it
     * is; any other map is copied into one.
     */
    Map<String, List<String>> headerMap();

    /**
     * The request URI as received, with its {@code ws} or {@code wss} scheme, host, path and query:
     * text, because most sessions never ask for it parsed (see {@link dev.wsengine.session.RequestUri}).
     */
    String requestUri();

    /** The path that endpoints are matched against: the request path within the web application. */
    String path();

    /** The query string without '?', or null. */
    String queryString();

    /**
     * The request parameters (query string parameters for a GET).
     *
     * @throws MalformedRequestException when the container cannot decode them
     */
    Map<String, List<String>> parameterMap();

    Principal userPrincipal();

    boolean isUserInRole(String role);

    /** The HTTP session object, or null when the request has none; never creates one. */
    Object httpSession();

    boolean isSecure();
}
