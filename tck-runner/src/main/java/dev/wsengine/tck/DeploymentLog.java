package dev.wsengine.tck;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Leaves, for each deployment, a one-line record {@code STARTED} or {@code FAILED: cause} named
 * after its archive, in the directory the system property {@value #PROPERTY} names (nothing when
 * it is unset); the TCK summary lists them.
 */
public final class DeploymentLog {

    public static final String PROPERTY = "wsengine.tck.deploymentLog";

    private static final System.Logger LOG = System.getLogger(DeploymentLog.class.getName());

    private DeploymentLog() {
    }

    static void record(String archiveName, Throwable failure) {
        String directory = System.getProperty(PROPERTY);
        if (directory == null || directory.isBlank()) {
            return;
        }
        String line = failure == null ? "STARTED" : "FAILED: " + rootCause(failure);
        try {
            Files.createDirectories(Path.of(directory));
            Files.writeString(Path.of(directory, archiveName + ".txt"), line + "\n");
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Could not record the deployment of " + archiveName, e);
        }
    }

    static String rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = String.valueOf(root.getMessage()).lines().findFirst().orElse("");
        return root.getClass().getSimpleName() + ": " + message;
    }
}
