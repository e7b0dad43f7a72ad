package dev.wsengine.samples.standalone;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * README's standalone deployment steps and what {@code samples/standalone.sh} runs (which the
 * standalone ITs run) are one text: README quotes the script's recipe lines and the Jetty context
 * XML word for word, so neither can drift from the other.
 */
class StandaloneRecipeTest {

    private static final Path README = Path.of("..", "README.md");
    private static final Path SCRIPT = Path.of("standalone.sh");
    private static final Path CONTEXT_XML = Path.of("src", "main", "jetty", "wsengine-samples-webapp.xml");

    @ParameterizedTest
    @ValueSource(strings = {"tomcat", "jetty"})
    void readmeQuotesTheScriptsRecipeWordForWord(String container) throws IOException {
        List<String> script = trimmed(Files.readAllLines(SCRIPT, StandardCharsets.UTF_8));
        int begin = script.indexOf("# recipe: " + container);
        assertTrue(begin >= 0, SCRIPT + " has no '# recipe: " + container + "' line");
        int end = script.subList(begin, script.size()).indexOf("# end of recipe") + begin;
        assertTrue(end > begin, SCRIPT + ": the " + container + " recipe has no '# end of recipe' line");
        List<String> recipe = script.subList(begin + 1, end);

        List<String> quoted = blockAfter("<!-- recipe: " + container + ", quoted from samples/standalone.sh -->");
        assertEquals(String.join("\n", recipe), String.join("\n", quoted),
                "README's " + container + " steps must be the lines of " + SCRIPT + "'s recipe");
    }

    @Test
    void readmeQuotesTheContextXmlsHiddenClassExclusionsAsTheFileHasThem() throws IOException {
        String xml = String.join("\n", trimmed(Files.readAllLines(CONTEXT_XML, StandardCharsets.UTF_8)));
        List<String> quoted = blockAfter("<!-- quoted from samples/src/main/jetty/wsengine-samples-webapp.xml -->");
        assertTrue(xml.contains(String.join("\n", quoted)), "README's context XML excerpt is not in " + CONTEXT_XML
                + " as it stands:\n" + String.join("\n", quoted));
    }

    @Test
    void theContextXmlLetsTheWebApplicationSeeEveryJettyClassTheBridgeNeeds() throws IOException {
        String xml = Files.readString(CONTEXT_XML, StandardCharsets.UTF_8);
        assertTrue(xml.contains("<Set name=\"contextPath\">/wsengine-samples-webapp</Set>"), xml);
        for (String exclusion : List.of("-org.eclipse.jetty.server.", "-org.eclipse.jetty.io.",
                "-org.eclipse.jetty.util.", "-org.eclipse.jetty.ee11.servlet.")) {
            assertTrue(xml.contains("<Item>" + exclusion + "</Item>"), CONTEXT_XML + " lacks the hidden-class exclusion "
                    + exclusion + ": without it the bridge's Jetty switch cannot link and the application does not start");
        }
    }

    /** The lines of the fenced block that follows {@code marker} in README, trimmed. */
    private static List<String> blockAfter(String marker) throws IOException {
        List<String> readme = Files.readAllLines(README, StandardCharsets.UTF_8);
        int at = readme.indexOf(marker);
        assertTrue(at >= 0, "README has no line '" + marker + "'");
        assertTrue(readme.get(at + 1).startsWith("```"), "README: a fenced block must follow '" + marker + "'");
        int close = readme.subList(at + 2, readme.size()).indexOf("```") + at + 2;
        assertTrue(close > at + 1, "README: the block after '" + marker + "' is not closed");
        return trimmed(readme.subList(at + 2, close));
    }

    private static List<String> trimmed(List<String> lines) {
        return lines.stream().map(String::strip).toList();
    }
}
