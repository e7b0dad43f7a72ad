package dev.wsengine.tck;

/** Settings of the embedded Jetty the TCK deploys to. */
public class EmbeddedJettyConfiguration extends ContainerSettings {

    /**
     * Container-classpath jars (and class directories) Jetty scans for annotations and web
     * fragments: our servlet bridge only. Matching the TCK jar would make every web application
     * deploy every endpoint of the whole TCK. The bridge's initializer itself is found through
     * {@link java.util.ServiceLoader} whatever the pattern.
     */
    public static final String DEFAULT_CONTAINER_JAR_PATTERN =
            ".*/servlet-bridge[^/]*\\.jar$|.*/servlet-bridge/target/classes/?$";

    private String containerIncludeJarPattern = DEFAULT_CONTAINER_JAR_PATTERN;
    private String webInfIncludeJarPattern = ".*\\.jar$";

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
}
