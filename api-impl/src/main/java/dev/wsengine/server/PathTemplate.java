package dev.wsengine.server;

import jakarta.websocket.DeploymentException;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An endpoint path such as {@code /rooms/{room}/users/{user}}: literal segments and variables
 * that each take one whole segment (Jakarta WebSocket 2.2 section 3.1.1).
 */
public final class PathTemplate {

    private final String text;
    private final String[] segments;
    /** The variable name of each segment, or null for a literal segment. */
    private final String[] variables;

    private PathTemplate(String text, String[] segments, String[] variables) {
        this.text = text;
        this.segments = segments;
        this.variables = variables;
    }

    public static PathTemplate parse(String path) throws DeploymentException {
        if (path == null || !path.startsWith("/")) {
            throw new DeploymentException("Endpoint path must start with '/': " + path);
        }
        String[] segments = path.substring(1).split("/", -1);
        String[] variables = new String[segments.length];
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < segments.length; i++) {
            String s = segments[i];
            if (s.startsWith("{") && s.endsWith("}")) {
                String name = s.substring(1, s.length() - 1);
                if (name.isEmpty() || name.contains("{") || name.contains("}")) {
                    throw new DeploymentException("Bad path variable '" + s + "' in endpoint path " + path);
                }
                if (!seen.add(name)) {
                    throw new DeploymentException("Path variable '" + name + "' appears twice in endpoint path " + path);
                }
                variables[i] = name;
            } else if (s.contains("{") || s.contains("}")) {
                throw new DeploymentException("A path variable must fill a whole segment: '" + s + "' in " + path);
            }
        }
        return new PathTemplate(path, segments, variables);
    }

    public boolean isExact() {
        for (String v : variables) {
            if (v != null) {
                return false;
            }
        }
        return true;
    }

    public Set<String> variableNames() {
        Set<String> names = new LinkedHashSet<>();
        for (String v : variables) {
            if (v != null) {
                names.add(v);
            }
        }
        return names;
    }

    /** The path parameters when {@code path} matches, else null. */
    public Map<String, String> match(String path) {
        if (!path.startsWith("/")) {
            return null;
        }
        String[] parts = path.substring(1).split("/", -1);
        if (parts.length != segments.length) {
            return null;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < parts.length; i++) {
            String decoded = URLDecoder.decode(parts[i].replace("+", "%2B"), StandardCharsets.UTF_8);
            if (variables[i] != null) {
                if (decoded.isEmpty()) {
                    return null;
                }
                parameters.put(variables[i], decoded);
            } else if (!segments[i].equals(decoded) && !segments[i].equals(parts[i])) {
                return null;
            }
        }
        return parameters;
    }

    /** Two templates that would match the same paths, such as {@code /a/{x}} and {@code /a/{y}}. */
    boolean sameShapeAs(PathTemplate other) {
        if (segments.length != other.segments.length) {
            return false;
        }
        for (int i = 0; i < segments.length; i++) {
            boolean var = variables[i] != null;
            if (var != (other.variables[i] != null) || (!var && !segments[i].equals(other.segments[i]))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Negative when this template should win over {@code other} for a path both match: at the
     * first segment where one is literal and the other a variable, the literal wins.
     */
    int precedence(PathTemplate other) {
        for (int i = 0; i < Math.min(segments.length, other.segments.length); i++) {
            boolean mine = variables[i] != null;
            boolean theirs = other.variables[i] != null;
            if (mine != theirs) {
                return mine ? 1 : -1;
            }
        }
        return 0;
    }

    List<String> segments() {
        return new ArrayList<>(List.of(segments));
    }

    @Override
    public String toString() {
        return text;
    }
}
