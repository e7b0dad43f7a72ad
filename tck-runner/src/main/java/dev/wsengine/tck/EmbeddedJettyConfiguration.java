package dev.wsengine.tck;

import org.jboss.arquillian.container.spi.ConfigurationException;
import org.jboss.arquillian.container.spi.client.container.ContainerConfiguration;

/**
 * Settings of the embedded Jetty the TCK deploys to; Arquillian fills them from the
 * {@code <configuration>} of the container in {@code arquillian.xml}.
 */
public class EmbeddedJettyConfiguration implements ContainerConfiguration {

    /**
     * Container-classpath jars (and class directories) Jetty scans for annotations and web
     * fragments: our servlet bridge only. Matching the TCK jar would make every web application
     * deploy every endpoint of the whole TCK. The bridge's initializer itself is found through
     * {@link java.util.ServiceLoader} whatever the pattern.
     */
    public static final String DEFAULT_CONTAINER_JAR_PATTERN =
            ".*/servlet-bridge[^/]*\\.jar$|.*/servlet-bridge/target/classes/?$";

    /**
     * Classes on the test classpath that web applications must not see: the TCK and the test
     * framework. A web application still loads its own copies from WEB-INF, as it would in a real
     * server; what it did not package it cannot borrow from the test JVM.
     */
    public static final String DEFAULT_HIDDEN_CLASSES =
            "com.sun.ts.,org.jboss.arquillian.,org.jboss.shrinkwrap.,org.junit.,org.opentest4j.";

    private String bindAddress = "127.0.0.1";
    private int port = 0;
    private String containerIncludeJarPattern = DEFAULT_CONTAINER_JAR_PATTERN;
    private String webInfIncludeJarPattern = ".*\\.jar$";
    private String hiddenClasses = DEFAULT_HIDDEN_CLASSES;

    @Override
    public void validate() throws ConfigurationException {
        if (bindAddress == null || bindAddress.isBlank()) {
            throw new ConfigurationException("bindAddress must be set");
        }
        if (port < 0 || port > 65535) {
            throw new ConfigurationException("port must be 0 (any free port) to 65535, was " + port);
        }
    }

    public String getBindAddress() {
        return bindAddress;
    }

    public void setBindAddress(String bindAddress) {
        this.bindAddress = bindAddress;
    }

    public int getPort() {
        return port;
    }

    public void setPort(int port) {
        this.port = port;
    }

    public String getContainerIncludeJarPattern() {
        return containerIncludeJarPattern;
    }

    public void setContainerIncludeJarPattern(String containerIncludeJarPattern) {
        this.containerIncludeJarPattern = containerIncludeJarPattern;
    }

    public String getWebInfIncludeJarPattern() {
        return webInfIncludeJarPattern;
    }

    public void setWebInfIncludeJarPattern(String webInfIncludeJarPattern) {
        this.webInfIncludeJarPattern = webInfIncludeJarPattern;
    }

    public String getHiddenClasses() {
        return hiddenClasses;
    }

    public void setHiddenClasses(String hiddenClasses) {
        this.hiddenClasses = hiddenClasses;
    }

    String[] hiddenClassList() {
        return hiddenClasses == null || hiddenClasses.isBlank()
                ? new String[0]
                : hiddenClasses.trim().split("\\s*,\\s*");
    }
}
