package dev.wsengine.tck.probe;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;

import java.util.Set;

/** Fails the web application's start, as our initializer does on a {@code DeploymentException}. */
public class FailingInitializer implements ServletContainerInitializer {

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) throws ServletException {
        throw new ServletException("deployment failed on purpose");
    }
}
