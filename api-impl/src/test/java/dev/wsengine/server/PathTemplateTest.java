package dev.wsengine.server;

import jakarta.websocket.DeploymentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PathTemplateTest {

    @ParameterizedTest
    @ValueSource(strings = {"/", "/chat", "/a/b/", "/rooms/{room}/users/{user}", "/{var}", "/{bar}/b/c",
            "/booking/{privilege-level}", "/a/caf%C3%A9", "/a/b.c/{x}"})
    void acceptsValidPaths(String path) throws DeploymentException {
        assertEquals(path, PathTemplate.parse(path).path());
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "NULL               | start with '/'",
            "''                 | start with '/'",
            "chat               | start with '/'",
            "a/{var}            | start with '/'",
            "/a//b              | '//'",
            "//                 | '//'",
            "/a/./b             | dot segment",
            "/a/../b            | dot segment",
            "/a/..              | dot segment",
            "/a/b{var}          | whole segment",
            "/{var}.do          | whole segment",
            "/a/{var/b}         | whole segment",
            "/a/{}              | not a valid variable",
            "/a/{{x}}           | not a valid variable",
            "/a/{x}/b/{x}       | more than once",
            "/a/%zz             | percent escape",
    })
    void rejectsInvalidPathsNamingTheProblem(String path, String problem) {
        DeploymentException e = assertThrows(DeploymentException.class, () -> PathTemplate.parse(path));
        assertTrue(e.getMessage().contains(problem), e.getMessage());
        if (path != null) {
            assertTrue(e.getMessage().contains(path), e.getMessage());
        }
    }

    @Test
    void listsVariablesInOrder() throws DeploymentException {
        PathTemplate t = PathTemplate.parse("/rooms/{room}/users/{user}");
        assertEquals(List.of("room", "user"), List.copyOf(t.variables()));
        assertTrue(t.isTemplate());
        assertFalse(PathTemplate.parse("/a/b").isTemplate());
    }

    /** {@code expected}: "-" for no match, "" for a match without parameters, else k=v pairs joined by '&'. */
    @ParameterizedTest(name = "[{index}] {0} vs {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "/a/b                 | /a/b                | ''",
            "/a/b                 | /a/b/               | -",
            "/a/b/                | /a/b/               | ''",
            "/a/b/                | /a/b                | -",
            "/                    | /                   | ''",
            "/                    | ''                  | ''",
            "/                    | /a                  | -",
            "/a/{var}             | /a/b                | var=b",
            "/a/{var}             | /a/apple            | var=apple",
            "/a/{var}             | /a                  | -",
            "/a/{var}             | /a/                 | -",
            "/a/{var}             | /a/b/               | -",
            "/a/{var}             | /a/b/c              | -",
            "/rooms/{room}/users/{user} | /rooms/r1/users/u%20x | room=r1&user=u x",
            "/a/{var}             | /a/x%2Fy            | var=x/y",
            "/a/{var}             | /a/caf%C3%A9        | var=café",
            "/a/{var}             | /a/1+1              | var=1+1",
            "/a/{var}             | /a/b;jsessionid=123 | var=b",
            "/a/{var}             | /a/%zz              | -",
            "/a/{var}             | /a/%C3              | -",
            "/a/{var}             | /x/../a/b           | var=b",
            "/a/{var}             | /a/./b              | var=b",
            "/a/{var}             | /../a/b             | -",
            "/a/caf%C3%A9         | /a/caf%c3%a9        | ''",
            "/a/b                 | /a%2Fb              | -",
            "/A/b                 | /a/b                | -",
    })
    void matchesRequestPaths(String template, String request, String expected) throws DeploymentException {
        Map<String, String> params = PathTemplate.parse(template).match(request);
        if (expected.equals("-")) {
            assertNull(params);
        } else {
            assertEquals(expected, params == null ? null : join(params));
        }
    }

    static String join(Map<String, String> params) {
        StringBuilder sb = new StringBuilder();
        params.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : "&").append(k).append('=').append(v));
        return sb.toString();
    }

    @Test
    void equivalenceIgnoresVariableNames() throws DeploymentException {
        assertTrue(PathTemplate.parse("/a/{x}").equivalent(PathTemplate.parse("/a/{y}")));
        assertTrue(PathTemplate.parse("/a/b").equivalent(PathTemplate.parse("/a/b")));
        assertFalse(PathTemplate.parse("/a/{x}").equivalent(PathTemplate.parse("/a/b")));
        assertFalse(PathTemplate.parse("/a/{x}").equivalent(PathTemplate.parse("/a/{x}/")));
        assertFalse(PathTemplate.parse("/{x}/a").equivalent(PathTemplate.parse("/a/{x}")));
    }
}
