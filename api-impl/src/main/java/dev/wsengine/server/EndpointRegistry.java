package dev.wsengine.server;

import jakarta.websocket.DeploymentException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The deployed endpoint paths and the choice of the one that serves a request path, following
 * Jakarta WebSocket 2.2 section 3.1.1:
 * <ol>
 *   <li>a plain path (no variables) equal to the request path wins;</li>
 *   <li>otherwise only templates with as many segments as the request path can match, and among
 *       those that match the best is found segment by segment from the left: at the first segment
 *       where two templates differ, the one with a literal there beats the one with a variable.</li>
 * </ol>
 * Where the specification's procedure finds a match this picks the same one. Where that procedure
 * dead-ends (it keeps only literal segments as soon as one matches, so {@code /a/x} can hide
 * {@code /{v}/c} from {@code /a/c}) we still serve the template that matches the request
 * ({@code /{v}/c}), as Tomcat does, rather than refusing a path an endpoint was deployed for.
 *
 * <p>Equivalent paths ({@code /a/{x}} and {@code /a/{y}}, or two equal plain paths) cannot both be
 * registered. Registration is synchronized; {@link #match} reads an immutable snapshot and never
 * locks.
 *
 * @param <T> what is registered for a path
 */
public final class EndpointRegistry<T> {

    /** A registered path. */
    public record Entry<T>(PathTemplate template, Class<?> endpointClass, T value) {
    }

    /** The result of {@link #match}: what was registered and the path parameters of the request. */
    public record Match<T>(Entry<T> entry, Map<String, String> pathParameters) {
    }

    /** Literal before variable at the first differing segment; literals among themselves by text. */
    static final Comparator<PathTemplate> PRECEDENCE = (a, b) -> {
        List<PathTemplate.Segment> sa = a.segments();
        List<PathTemplate.Segment> sb = b.segments();
        for (int i = 0; i < Math.min(sa.size(), sb.size()); i++) {
            PathTemplate.Segment x = sa.get(i);
            PathTemplate.Segment y = sb.get(i);
            if (x.variable() != y.variable()) {
                return x.variable() ? 1 : -1;
            }
            if (!x.variable()) {
                int c = x.text().compareTo(y.text());
                if (c != 0) {
                    return c;
                }
            }
        }
        return Integer.compare(sa.size(), sb.size());
    };

    private record Snapshot<T>(Map<String, Entry<T>> plain, Map<Integer, List<Entry<T>>> templatesBySegments) {
    }

    private volatile Snapshot<T> snapshot = new Snapshot<>(Map.of(), Map.of());

    /**
     * Adds a path.
     *
     * @throws DeploymentException when an equivalent path is already registered, naming both
     *                             endpoint classes and both paths
     */
    public synchronized void register(PathTemplate template, Class<?> endpointClass, T value) throws DeploymentException {
        Entry<T> existing = find(template);
        if (existing != null) {
            throw new DeploymentException("Endpoint " + endpointClass.getName() + " cannot be deployed at '"
                    + template.path() + "': " + existing.endpointClass().getName() + " is already deployed at the "
                    + (template.isTemplate() ? "equivalent path '" : "same path '") + existing.template().path() + "'");
        }
        Entry<T> entry = new Entry<>(template, endpointClass, value);
        Snapshot<T> old = snapshot;
        if (template.isTemplate()) {
            Map<Integer, List<Entry<T>>> byCount = new HashMap<>(old.templatesBySegments());
            List<Entry<T>> list = new ArrayList<>(byCount.getOrDefault(template.segmentCount(), List.of()));
            list.add(entry);
            list.sort(Comparator.comparing(Entry::template, PRECEDENCE));
            byCount.put(template.segmentCount(), List.copyOf(list));
            snapshot = new Snapshot<>(old.plain(), Map.copyOf(byCount));
        } else {
            Map<String, Entry<T>> plain = new HashMap<>(old.plain());
            plain.put(template.normalized(), entry);
            snapshot = new Snapshot<>(Map.copyOf(plain), old.templatesBySegments());
        }
    }

    /** The registered entry equivalent to {@code template}, or null. */
    public Entry<T> find(PathTemplate template) {
        Snapshot<T> s = snapshot;
        if (!template.isTemplate()) {
            return s.plain().get(template.normalized());
        }
        for (Entry<T> e : s.templatesBySegments().getOrDefault(template.segmentCount(), List.of())) {
            if (e.template().equivalent(template)) {
                return e;
            }
        }
        return null;
    }

    /** The best match for a raw (percent-encoded) request path, or null when nothing matches. */
    public Match<T> match(String rawRequestPath) {
        List<String> request = RequestPath.segments(rawRequestPath);
        if (request == null) {
            return null;
        }
        Snapshot<T> s = snapshot;
        if (!s.plain().isEmpty()) {
            StringBuilder key = new StringBuilder();
            for (String segment : request) {
                key.append('/').append(segment);
            }
            Entry<T> exact = s.plain().get(key.toString());
            // The key joins decoded segments, so "/a%2Fb" (one segment "a/b") yields the same key
            // as "/a/b" (two segments); matching the segments themselves tells them apart.
            if (exact != null && exact.template().match(request) != null) {
                return new Match<>(exact, Map.of());
            }
        }
        // Sorted by PRECEDENCE, so the first template that matches is the best one.
        for (Entry<T> e : s.templatesBySegments().getOrDefault(request.size(), List.of())) {
            Map<String, String> params = e.template().match(request);
            if (params != null) {
                return new Match<>(e, params);
            }
        }
        return null;
    }

    /** Every registered entry. */
    public List<Entry<T>> entries() {
        Snapshot<T> s = snapshot;
        List<Entry<T>> all = new ArrayList<>(s.plain().values());
        s.templatesBySegments().values().forEach(all::addAll);
        return all;
    }
}
