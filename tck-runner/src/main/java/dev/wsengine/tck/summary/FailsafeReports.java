package dev.wsengine.tck.summary;

import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads the {@code TEST-*.xml} reports failsafe writes: one result per test method, plus the
 * errors of classes that failed as a whole (a deployment that threw, a fork that died), which
 * explain why that class's tests are missing.
 */
public final class FailsafeReports {

    private final Map<TestId, TestResult> results;
    private final Map<String, String> classErrors;

    private FailsafeReports(Map<TestId, TestResult> results, Map<String, String> classErrors) {
        this.results = results;
        this.classErrors = classErrors;
    }

    public Map<TestId, TestResult> results() {
        return results;
    }

    /** Class name to the first line of the error that failed the class as a whole. */
    public Map<String, String> classErrors() {
        return classErrors;
    }

    public static FailsafeReports read(Path directory) throws IOException {
        Map<TestId, TestResult> results = new TreeMap<>();
        Map<String, String> classErrors = new HashMap<>();
        if (!Files.isDirectory(directory)) {
            return new FailsafeReports(results, classErrors);
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(directory)) {
            files = list.filter(p -> p.getFileName().toString().matches("TEST-.*\\.xml")).sorted().toList();
        }
        DocumentBuilder parser = newParser();
        for (Path file : files) {
            try {
                NodeList cases = parser.parse(file.toFile()).getElementsByTagName("testcase");
                for (int i = 0; i < cases.getLength(); i++) {
                    addCase((Element) cases.item(i), results, classErrors);
                }
            } catch (Exception e) {
                throw new IOException("Cannot read failsafe report " + file + ": " + e.getMessage(), e);
            }
        }
        return new FailsafeReports(results, classErrors);
    }

    private static void addCase(Element testCase, Map<TestId, TestResult> results, Map<String, String> classErrors) {
        String className = testCase.getAttribute("classname");
        String method = methodName(testCase.getAttribute("name"));
        TestResult result = resultOf(testCase);
        boolean classLevel = method.isEmpty() || method.equals("null") || method.equals(className)
                || method.equals(className.substring(className.lastIndexOf('.') + 1));
        if (classLevel) {
            if (result.outcome() != Outcome.PASSED) {
                classErrors.merge(className, result.message(), (a, b) -> a);
            }
            return;
        }
        results.put(new TestId(className, method), result);
    }

    /** "method()" or "method(String)" as some providers name it, to "method". */
    private static String methodName(String name) {
        int paren = name.indexOf('(');
        return (paren >= 0 ? name.substring(0, paren) : name).trim();
    }

    private static TestResult resultOf(Element testCase) {
        for (String tag : new String[] {"failure", "error"}) {
            NodeList problems = testCase.getElementsByTagName(tag);
            if (problems.getLength() > 0) {
                return new TestResult(Outcome.FAILED, describe((Element) problems.item(0)));
            }
        }
        NodeList skipped = testCase.getElementsByTagName("skipped");
        if (skipped.getLength() > 0) {
            return new TestResult(Outcome.SKIPPED, ((Element) skipped.item(0)).getAttribute("message"));
        }
        return TestResult.passed();
    }

    /** The exception type and its message's first line, which is what groups failures by cause. */
    private static String describe(Element problem) {
        String type = problem.getAttribute("type");
        String message = problem.getAttribute("message");
        if (message.isBlank()) {
            String text = problem.getTextContent().strip();
            message = text.isEmpty() ? "" : text.lines().findFirst().orElse("");
        }
        String firstLine = message.lines().findFirst().orElse("").strip();
        String shortType = type.substring(type.lastIndexOf('.') + 1);
        String described = shortType.isEmpty() ? firstLine : firstLine.isEmpty() ? shortType : shortType + ": " + firstLine;
        return described.length() > 200 ? described.substring(0, 197) + "..." : described;
    }

    private static DocumentBuilder newParser() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setExpandEntityReferences(false);
            return factory.newDocumentBuilder();
        } catch (Exception e) {
            throw new IllegalStateException("No XML parser", e);
        }
    }
}
