package dev.wsengine.tck.undertow;

import io.undertow.servlet.api.DeploymentInfo;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The part of a {@code WEB-INF/web.xml} this runner's Undertow container applies itself (Undertow
 * reads none; WildFly does it above Undertow): {@code <session-config><session-timeout>} and
 * {@code <context-param>}, which is what the TCK's WARs hold. Any other element fails the
 * deployment by name, rather than deploying something other than what the WAR describes.
 */
final class WebXml {

    private static final Set<String> IGNORED = Set.of("display-name", "description", "icon");

    private WebXml() {
    }

    static void apply(Path webXml, DeploymentInfo deployment) throws IOException {
        Element root;
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            root = factory.newDocumentBuilder().parse(webXml.toFile()).getDocumentElement();
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException(webXml + " cannot be read: " + e.getMessage(), e);
        }
        for (Element element : children(root)) {
            switch (element.getLocalName()) {
                case "session-config" -> {
                    for (Element setting : children(element)) {
                        if (!setting.getLocalName().equals("session-timeout")) {
                            throw unsupported(webXml, "session-config/" + setting.getLocalName());
                        }
                        int minutes = Integer.parseInt(setting.getTextContent().strip());
                        deployment.setDefaultSessionTimeout(minutes * 60);
                    }
                }
                case "context-param" -> deployment.addInitParameter(text(element, "param-name"), text(element, "param-value"));
                default -> {
                    if (!IGNORED.contains(element.getLocalName())) {
                        throw unsupported(webXml, element.getLocalName());
                    }
                }
            }
        }
    }

    private static Iterable<Element> children(Element parent) {
        List<Element> elements = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                elements.add(e);
            }
        }
        return elements;
    }

    private static String text(Element parent, String name) {
        for (Element child : children(parent)) {
            if (child.getLocalName().equals(name)) {
                return child.getTextContent().strip();
            }
        }
        throw new IllegalArgumentException("<" + parent.getLocalName() + "> without <" + name + ">");
    }

    private static IOException unsupported(Path webXml, String element) {
        return new IOException(webXml + ": <" + element + "> is not applied by this runner's Undertow container"
                + " (it applies <session-config><session-timeout> and <context-param>)");
    }
}
