package dev.wsengine.tck;

import org.eclipse.jetty.ee11.annotations.AnnotationConfiguration;
import org.eclipse.jetty.ee11.webapp.MetaInfConfiguration;
import org.eclipse.jetty.ee11.webapp.WebAppContext;
import org.eclipse.jetty.util.ClassMatcher;

import java.nio.file.Path;

/**
 * Builds the Jetty web application for one exported WAR, set up the way a real servlet
 * container would run it: annotation and initializer scanning of the WAR's own classes and
 * libraries, servlet class loading (WEB-INF first), and nothing borrowed from the test classpath.
 */
final class WebAppFactory {

    private final EmbeddedJettyConfiguration configuration;

    WebAppFactory(EmbeddedJettyConfiguration configuration) {
        this.configuration = configuration;
    }

    WebAppContext create(String contextPath, Path war, Path tempDirectory) {
        WebAppContext webApp = new WebAppContext();
        webApp.setContextPath(contextPath);
        webApp.setWar(war.toString());
        webApp.setExtractWAR(true);
        webApp.setTempDirectory(tempDirectory.toFile());
        webApp.setParentLoaderPriority(false);
        // A web application that fails to start must not abort the deployment: the negative
        // deployment tests expect a server that stays up and refuses the broken application.
        webApp.setThrowUnavailableOnStartupException(false);
        webApp.addConfiguration(new AnnotationConfiguration());
        webApp.setAttribute(MetaInfConfiguration.CONTAINER_JAR_PATTERN, configuration.getContainerIncludeJarPattern());
        webApp.setAttribute(MetaInfConfiguration.WEBINF_JAR_PATTERN, configuration.getWebInfIncludeJarPattern());
        webApp.addHiddenClassMatcher(new ClassMatcher(configuration.hiddenClassList()));
        return webApp;
    }
}
