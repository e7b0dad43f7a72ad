package dev.wsengine.tck.conformance;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Every case of the suite, in the order they run, section by section. */
public final class Catalogue {

    private Catalogue() {
    }

    /**
     * @param maxMessage the target's message size limit; 0 leaves out the cases that need it
     */
    public static List<ConformanceCase> all(long maxMessage) {
        List<ConformanceCase> cases = new ArrayList<>();
        cases.addAll(HandshakeCases.all());
        cases.addAll(FramingCases.all());
        cases.addAll(ControlFrameCases.all());
        cases.addAll(FragmentationCases.all());
        cases.addAll(Utf8Cases.all());
        cases.addAll(CloseCases.all());
        cases.addAll(LimitCases.all(maxMessage));
        cases.addAll(DeflateCases.all(maxMessage));
        Set<String> ids = new HashSet<>();
        for (ConformanceCase c : cases) {
            if (!ids.add(c.id())) {
                throw new IllegalStateException("two cases named " + c.id());
            }
        }
        return List.copyOf(cases);
    }
}
