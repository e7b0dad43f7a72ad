package dev.wsengine.tck.summary;

import org.junit.platform.engine.discovery.ClassNameFilter;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every test the TCK holds, found the way JUnit itself finds them, so that a test missing from
 * the reports (its class failed before it ran, or its fork died) still counts, as NOT_RUN.
 */
public final class TckCatalog {

    /** The class names failsafe runs by default: IT*, *IT, *ITCase. */
    static final String FAILSAFE_INCLUDES = "^(.*\\.)?IT[^.]*$|^.*IT$|^.*ITCase$";

    private TckCatalog() {
    }

    /** Discovers the tests under {@code packageName} on the thread's context class path. */
    public static Set<TestId> discover(String packageName) {
        return discover(packageName, FAILSAFE_INCLUDES);
    }

    static Set<TestId> discover(String packageName, String classNamePattern) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectPackage(packageName))
                .filters(ClassNameFilter.includeClassNamePatterns(classNamePattern))
                .build();
        TestPlan plan = LauncherFactory.create().discover(request);
        Set<TestId> tests = new TreeSet<>();
        Deque<TestIdentifier> pending = new ArrayDeque<>(plan.getRoots());
        while (!pending.isEmpty()) {
            TestIdentifier node = pending.pop();
            pending.addAll(plan.getChildren(node));
            if (node.isTest() && node.getSource().orElse(null) instanceof MethodSource method) {
                tests.add(new TestId(method.getClassName(), method.getMethodName()));
            }
        }
        return tests;
    }
}
