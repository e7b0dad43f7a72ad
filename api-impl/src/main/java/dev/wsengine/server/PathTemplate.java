package dev.wsengine.server;

import jakarta.websocket.DeploymentException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An endpoint path: a relative URI or a level-1 URI template (Jakarta WebSocket 2.2 section 3.1.1).
 * The path must start with '/', must not contain {@code //}, {@code /./} or {@code /../}; a
 * variable ({@code {name}}) must fill a whole segment and appear only once. A trailing '/' is
 * significant, as in the specification's examples: {@code /a/b/} matches only {@code /a/b/}, and
 * {@code /a/{var}} does not match {@code /a/b/}.
 *
 * <p>Two templates are {@linkplain #equivalent equivalent} when they have the same segments with
 * variables in the same places, whatever the variables are called ({@code /a/{x}} and
 * {@code /a/{y}}); an application may not deploy both.
 */
public final class PathTemplate {

    /** One segment: a literal (decoded text) or a variable (its name). */
    record Segment(String text, boolean variable) {
    }

    private final String path;
    private final List<Segment> segments;
    private final Set<String> variables;
    private final String normalized;

    private PathTemplate(String path, List<Segment> segments, Set<String> variables) {
        this.path = path;
        this.segments = List.copyOf(segments);
        this.variables = Collections.unmodifiableSet(variables);
        StringBuilder sb = new StringBuilder();
        for (Segment s : segments) {
            sb.append('/').append(s.variable ? "{}" : s.text);
        }
        this.normalized = sb.toString();
    }

    /**
     * Parses and validates an endpoint path.
     *
     * @throws DeploymentException naming the path and what is wrong with it
     */
    public static PathTemplate parse(String path) throws DeploymentException {
        if (path == null || !path.startsWith("/")) {
            throw invalid(path, "it must start with '/'");
        }
        if (path.contains("//")) {
            throw invalid(path, "it must not contain '//'");
        }
        List<String> raw = RequestPath.split(path);
        List<Segment> segments = new ArrayList<>(raw.size());
        Set<String> variables = new LinkedHashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            String s = raw.get(i);
            if (s.equals(".") || s.equals("..")) {
                throw invalid(path, "it must not contain the dot segment '" + s + "'");
            }
            if (s.startsWith("{") && s.endsWith("}") && s.length() >= 2) {
                String name = s.substring(1, s.length() - 1);
                if (name.isEmpty() || name.indexOf('{') >= 0 || name.indexOf('}') >= 0) {
                    throw invalid(path, "segment '" + s + "' is not a valid variable");
                }
                if (!variables.add(name)) {
                    throw invalid(path, "the variable '" + name + "' appears more than once");
                }
                segments.add(new Segment(name, true));
            } else {
                if (s.indexOf('{') >= 0 || s.indexOf('}') >= 0) {
                    throw invalid(path, "segment '" + s + "' mixes text and a variable; "
                            + "a variable must fill a whole segment");
                }
                if (s.isEmpty() && i < raw.size() - 1) {
                    throw invalid(path, "it has an empty segment");
                }
                String decoded = RequestPath.percentDecode(s);
                if (decoded == null) {
                    throw invalid(path, "segment '" + s + "' has a malformed percent escape");
                }
                segments.add(new Segment(decoded, false));
            }
        }
        return new PathTemplate(path, segments, variables);
    }

    private static DeploymentException invalid(String path, String why) {
        return new DeploymentException("Invalid endpoint path '" + path + "': " + why);
    }

    /** The path as deployed. */
    public String path() {
        return path;
    }

    /** The variable names in order of appearance; empty for a plain path. */
    public Set<String> variables() {
        return variables;
    }

    public boolean isTemplate() {
        return !variables.isEmpty();
    }

    public int segmentCount() {
        return segments.size();
    }

    List<Segment> segments() {
        return segments;
    }

    /**
     * The path with every variable written {@code {}}: equal for equivalent templates and for equal
     * plain paths, different otherwise.
     */
    public String normalized() {
        return normalized;
    }

    public boolean equivalent(PathTemplate other) {
        return normalized.equals(other.normalized);
    }

    /**
     * Matches a raw request path (percent-encoded, as received).
     *
     * @return the path parameters (decoded), empty for a plain path; null when it does not match
     */
    public Map<String, String> match(String rawRequestPath) {
        List<String> request = RequestPath.segments(rawRequestPath);
        return request == null ? null : match(request);
    }

    /** Matches already decoded request segments; see {@link RequestPath#segments}. */
    Map<String, String> match(List<String> request) {
        if (request.size() != segments.size()) {
            return null;
        }
        Map<String, String> params = null;
        for (int i = 0; i < segments.size(); i++) {
            Segment s = segments.get(i);
            String value = request.get(i);
            if (s.variable) {
                // An empty string is not a level-1 expansion of a variable.
                if (value.isEmpty()) {
                    return null;
                }
                if (params == null) {
                    params = new LinkedHashMap<>();
                }
                params.put(s.text, value);
            } else if (!s.text.equals(value)) {
                return null;
            }
        }
        return params == null ? Map.of() : Collections.unmodifiableMap(params);
    }

    @Override
    public String toString() {
        return path;
    }
}
