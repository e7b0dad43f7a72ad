package dev.wsengine.tck.summary;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TestIdTest {

    @ParameterizedTest
    @CsvSource({
            "api.jakarta.websocket.closereason.WSClientIT#constructorTest, api",
            "ee.jakarta.websocket.session.WSClientIT#getIdTest, ee",
            "negdep.malformedpath.WSCClientIT#malformedPathTest, negdep",
            "spec.session.sessionid.WSClientIT#sessionIdTest, spec",
            "signaturetest.WebSocketSigTestIT#signatureTest, signature",
            "com.sun.ts.tests.websocket.ee.jakarta.websocket.session.WSClientIT#getIdTest, ee",
            "dev.wsengine.tck.SignatureClasspathIT#check, runner",
    })
    void areaComesFromThePackageUnderTheTckRoot(String text, String area) {
        assertEquals(area, TestId.parse(text).area());
    }

    @ParameterizedTest
    @CsvSource({
            "ee.x.WSClientIT#t, com.sun.ts.tests.websocket.ee.x.WSClientIT",
            "com.sun.ts.tests.websocket.ee.x.WSClientIT#t, com.sun.ts.tests.websocket.ee.x.WSClientIT",
    })
    void shortAndFullyQualifiedNamesMeanTheSameTest(String text, String className) {
        TestId id = TestId.parse(text);
        assertEquals(new TestId(className, "t"), id);
        assertEquals("ee.x.WSClientIT#t", id.shortName());
    }

    @ParameterizedTest
    @ValueSource(strings = {"WSClientIT", "#method", "ee.WSClientIT#", "a#b#c"})
    void rejectsTextThatIsNotClassHashMethod(String text) {
        assertThrows(IllegalArgumentException.class, () -> TestId.parse(text));
    }
}
