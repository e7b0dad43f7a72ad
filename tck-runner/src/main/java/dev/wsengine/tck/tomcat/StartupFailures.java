package dev.wsengine.tck.tomcat;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Catches why a web application failed to start. Tomcat does not hand the cause to the caller:
 * a failing initializer or a broken deployment descriptor only leaves the context stopped and
 * logs the error (through java.util.logging, in embedded Tomcat). So while one application
 * starts, this listens on Tomcat's loggers and keeps the first severe record. Deployments run
 * one after another, so the record belongs to the application being started.
 */
final class StartupFailures extends Handler implements AutoCloseable {

    private static final String[] TOMCAT_LOGGERS = {"org.apache.catalina", "org.apache.tomcat"};

    private final Logger[] loggers = new Logger[TOMCAT_LOGGERS.length];
    private volatile LogRecord first;

    private StartupFailures() {
        setLevel(Level.SEVERE);
    }

    /** Starts listening; close it when the application has started or failed. */
    static StartupFailures listen() {
        StartupFailures failures = new StartupFailures();
        for (int i = 0; i < TOMCAT_LOGGERS.length; i++) {
            // Held in the field: java.util.logging keeps loggers only weakly.
            failures.loggers[i] = Logger.getLogger(TOMCAT_LOGGERS[i]);
            failures.loggers[i].addHandler(failures);
        }
        return failures;
    }

    /** The first severe record's exception (or its message as one), or null if none was logged. */
    Throwable first() {
        LogRecord record = first;
        if (record == null) {
            return null;
        }
        if (record.getThrown() != null) {
            return record.getThrown();
        }
        return new IllegalStateException(record.getMessage());
    }

    @Override
    public void publish(LogRecord record) {
        if (first == null && isLoggable(record)) {
            first = record;
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        for (Logger logger : loggers) {
            if (logger != null) {
                logger.removeHandler(this);
            }
        }
    }
}
