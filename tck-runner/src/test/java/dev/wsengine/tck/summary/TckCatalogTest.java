package dev.wsengine.tck.summary;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TckCatalogTest {

    @Test
    void findsEveryTestMethodIncludingInheritedOnesUnderTheTestClassName() {
        Set<TestId> tests = TckCatalog.discover("dev.wsengine.tck.summary.sample", ".*CatalogCase$");

        String sample = "dev.wsengine.tck.summary.sample.SampleCatalogCase";
        assertEquals(Set.of(new TestId(sample, "firstTest"), new TestId(sample, "secondTest"),
                new TestId(sample, "inheritedTest")), tests);
    }

    @Test
    void failsafeIncludePatternMatchesTheTckClassNames() {
        for (String name : new String[] {"a.b.WSClientIT", "a.b.WebSocketSigTestIT", "a.b.ITFoo", "a.b.FooITCase"}) {
            assertEquals(true, name.matches(TckCatalog.FAILSAFE_INCLUDES), name);
        }
        for (String name : new String[] {"a.b.WSClient", "a.b.WebSocketCommonClient", "a.b.SampleBase", "a.ITx.Foo"}) {
            assertEquals(false, name.matches(TckCatalog.FAILSAFE_INCLUDES), name);
        }
    }
}
