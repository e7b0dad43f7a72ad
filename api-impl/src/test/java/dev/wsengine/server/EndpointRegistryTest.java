package dev.wsengine.server;

import jakarta.websocket.DeploymentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EndpointRegistryTest {

    static class A { }

    static class B { }

    private static EndpointRegistry<String> registry(List<String> paths) throws DeploymentException {
        EndpointRegistry<String> r = new EndpointRegistry<>();
        for (String p : paths) {
            r.register(PathTemplate.parse(p), A.class, p);
        }
        return r;
    }

    /**
     * Deployed paths, a request path, and the path expected to serve it ("-" for none) with its
     * parameters; the examples of Jakarta WebSocket 2.2 section 3.1.1 first.
     */
    static Stream<Arguments> precedence() {
        List<String> spec3 = List.of("/a/{var}/c", "/a/b/c", "/a/{var1}/{var2}");
        return Stream.of(
                Arguments.of(List.of("/a/b/"), "/a/b/", "/a/b/", ""),
                Arguments.of(List.of("/a/b/"), "/a/b", "-", ""),
                Arguments.of(List.of("/a/b", "/a/{customer-name}"), "/a/b", "/a/b", ""),
                Arguments.of(List.of("/a/b", "/a/{customer-name}"), "/a/c", "/a/{customer-name}", "customer-name=c"),
                Arguments.of(spec3, "/a/b/c", "/a/b/c", ""),
                Arguments.of(spec3, "/a/d/c", "/a/{var}/c", "var=d"),
                Arguments.of(spec3, "/a/x/y", "/a/{var1}/{var2}", "var1=x&var2=y"),
                Arguments.of(spec3, "/a/x/y/", "-", ""),
                Arguments.of(List.of("/{var1}/d", "/b/{var2}"), "/b/d", "/b/{var2}", "var2=d"),
                Arguments.of(List.of("/{var1}/d", "/b/{var2}"), "/c/d", "/{var1}/d", "var1=c"),
                // deployment order does not matter
                Arguments.of(List.of("/b/{var2}", "/{var1}/d"), "/b/d", "/b/{var2}", "var2=d"),
                Arguments.of(List.of("/a/{var1}/{var2}", "/a/b/c", "/a/{var}/c"), "/a/b/c", "/a/b/c", ""),
                // different segment counts never match
                Arguments.of(List.of("/a/{x}", "/a/{x}/{y}"), "/a/b/c", "/a/{x}/{y}", "x=b&y=c"),
                Arguments.of(List.of("/{x}"), "/a/b", "-", ""),
                // literal beats variable at the first differing segment, even when later segments differ
                Arguments.of(List.of("/{a}/b/c", "/x/{b}/{c}"), "/x/b/c", "/x/{b}/{c}", "b=b&c=c"),
                Arguments.of(List.of("/{a}/{b}/c", "/{a}/b/{c}"), "/x/b/c", "/{a}/b/{c}", "a=x&c=c"),
                // where the specification's procedure dead-ends, the template that matches serves
                Arguments.of(List.of("/a/x", "/{v}/c"), "/a/c", "/{v}/c", "v=a"),
                Arguments.of(List.of("/"), "/", "/", ""),
                Arguments.of(List.of("/", "/{x}"), "/a", "/{x}", "x=a"),
                Arguments.of(List.of("/{x}"), "/", "-", ""),
                Arguments.of(List.of("/a/b"), "/a%2Fb", "-", "")
        );
    }

    @ParameterizedTest(name = "[{index}] {0} serving {1} -> {2}")
    @MethodSource("precedence")
    void choosesTheBestMatchPerTheSpecification(List<String> deployed, String request, String expected,
                                                String params) throws DeploymentException {
        EndpointRegistry.Match<String> m = registry(deployed).match(request);
        if (expected.equals("-")) {
            assertNull(m);
        } else {
            assertEquals(expected, m == null ? null : m.entry().value());
            assertEquals(params, PathTemplateTest.join(m.pathParameters()));
        }
    }

    /** One application deploying every shape of one, two and three segments over a, c and d. */
    private static final List<String> ALL_SHAPES = List.of("/a", "/{a}", "/c/d", "/c/{d}", "/{c}/d", "/{c}/{d}",
            "/a/c/d", "/a/c/{d}", "/a/{c}/d", "/{a}/c/d", "/{a}/c/{d}", "/{a}/{c}/d", "/a/{c}/{d}", "/{a}/{c}/{d}");

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "/a             | /a",
            "/c             | /{a}",
            "/c/one         | /c/{d}",
            "/c/d           | /c/d",
            "/one/d         | /{c}/d",
            "/one/two       | /{c}/{d}",
            "/a/c/d         | /a/c/d",
            "/a/one/two     | /a/{c}/{d}",
            "/one/c/two     | /{a}/c/{d}",
            "/one/two/d     | /{a}/{c}/d",
            "/one/two/three | /{a}/{c}/{d}",
            "/a/c/three     | /a/c/{d}",
            "/a/two/d       | /a/{c}/d",
            "/two/c/d       | /{a}/c/d",
            "/a/c/d/e       | -",
    })
    void resolvesEveryShapeOfAFullyPopulatedApplication(String request, String expected) throws DeploymentException {
        EndpointRegistry.Match<String> m = registry(ALL_SHAPES).match(request);
        assertEquals(expected, m == null ? "-" : m.entry().value());
    }

    @Test
    void refusesEquivalentTemplatesNamingBothClasses() throws DeploymentException {
        EndpointRegistry<String> r = new EndpointRegistry<>();
        r.register(PathTemplate.parse("/a/{x}"), A.class, "first");
        DeploymentException e = assertThrows(DeploymentException.class,
                () -> r.register(PathTemplate.parse("/a/{y}"), B.class, "second"));
        assertTrue(e.getMessage().contains(A.class.getName()) && e.getMessage().contains(B.class.getName()),
                e.getMessage());
        assertTrue(e.getMessage().contains("/a/{x}") && e.getMessage().contains("/a/{y}"), e.getMessage());
        assertEquals("first", r.match("/a/1").entry().value());
    }

    @Test
    void refusesEqualPlainPaths() throws DeploymentException {
        EndpointRegistry<String> r = new EndpointRegistry<>();
        r.register(PathTemplate.parse("/chat"), A.class, "first");
        DeploymentException e = assertThrows(DeploymentException.class,
                () -> r.register(PathTemplate.parse("/chat"), B.class, "second"));
        assertTrue(e.getMessage().contains(A.class.getName()) && e.getMessage().contains(B.class.getName()));
    }

    @Test
    void allowsPathsThatOnlyLookAlike() throws DeploymentException {
        EndpointRegistry<String> r = registry(List.of("/a/{x}", "/a/b", "/a/{x}/", "/{x}/b", "/a/b/"));
        assertEquals(5, r.entries().size());
    }
}
