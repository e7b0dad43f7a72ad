package dev.wsengine.tck;

import org.jboss.arquillian.container.spi.ConfigurationException;
import org.jboss.arquillian.container.spi.client.container.ContainerConfiguration;

/**
 * Settings every embedded container of the TCK runner takes; Arquillian fills them from the
 * {@code <configuration>} of the container in {@code arquillian.xml}.
 */
public abstract class ContainerSettings implements ContainerConfiguration {

    /**
     * Classes on the test classpath that web applications must not see: the TCK and the test
     * framework. A web application still loads its own copies from WEB-INF, as it would in a real
     * server; what it did not package it cannot borrow from the test JVM.
     */
    public static final String DEFAULT_HIDDEN_CLASSES =
            "com.sun.ts.,org.jboss.arquillian.,org.jboss.shrinkwrap.,org.junit.,org.opentest4j.";

    private String bindAddress = "127.0.0.1";
    private int port = 0;
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

    public String getHiddenClasses() {
        return hiddenClasses;
    }

    public void setHiddenClasses(String hiddenClasses) {
        this.hiddenClasses = hiddenClasses;
    }

    /** The package (or class name) prefixes of {@link #getHiddenClasses()}. */
    public String[] hiddenClassList() {
        return hiddenClasses == null || hiddenClasses.isBlank()
                ? new String[0]
                : hiddenClasses.trim().split("\\s*,\\s*");
    }
}
