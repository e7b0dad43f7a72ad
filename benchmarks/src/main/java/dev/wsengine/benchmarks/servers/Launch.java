package dev.wsengine.benchmarks.servers;

import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** What every launcher shares: the port argument, the common limits and the ready line the harness waits for. */
final class Launch {

    static final String HOST = "127.0.0.1";
    /** Long enough for the idle figure's 10,000 connections to stay open while it is measured. */
    static final long IDLE_TIMEOUT_MS = 600_000;
    /** Tomcat's default binary buffer (8 KiB) cannot take the 16 KiB messages; every server is told 32 KiB where it asks. */
    static final int MAX_BINARY_MESSAGE = 32 * 1024;
    /**
     * The hostile-peer probe's binary message limit ({@code -Dbench.maxMessage=N}) on every server;
     * unset, each keeps what the benchmark gives it (above, or its own default). Text limits stay
     * each server's own: Tomcat allocates its message buffers whole for every session.
     */
    static final Integer MESSAGE_LIMIT = Integer.getInteger("bench.maxMessage");
    /**
     * {@code -Dbench.serverIdleDefaults=true}: the launchers set no idle timeout, so the
     * hostile-peer probe sees what each server does with silent connections out of the box.
     */
    static final boolean IDLE_DEFAULTS = Boolean.getBoolean("bench.serverIdleDefaults");
    /**
     * {@code -Dbench.tomcatSocketBuffer=N}: Tomcat's connectors get {@code socket.appReadBufSize}
     * and {@code socket.appWriteBufSize} of N bytes (8,192 when unset, Tomcat's default), for the
     * memory an idle connection costs at other sizes ({@code IdleFootprint}).
     */
    static final Integer TOMCAT_SOCKET_BUFFER = Integer.getInteger("bench.tomcatSocketBuffer");

    private Launch() {
    }

    /** The binary limit for servers the benchmark already tells one: the probe's if set, else 32 KiB. */
    static int binaryLimit() {
        return MESSAGE_LIMIT != null ? MESSAGE_LIMIT : MAX_BINARY_MESSAGE;
    }

    /** Applies the probe's message limit, if any, to a server's container once it exists. */
    static void applyMessageLimit(Object container) {
        if (MESSAGE_LIMIT == null) {
            return;
        }
        ServerContainer server = (ServerContainer) container;
        server.setDefaultMaxBinaryMessageBufferSize(MESSAGE_LIMIT);
    }

    static int port(String[] args) {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: <launcher> PORT");
        }
        return Integer.parseInt(args[0]);
    }

    /**
     * Prints {@code READY name port=N configurators=a,b}: the harness checks that the process found
     * exactly one default configurator, its own, so no other implementation leaked onto its class path.
     */
    static void ready(String name, int port) {
        List<String> found = new ArrayList<>();
        for (ServerEndpointConfig.Configurator c : ServiceLoader.load(ServerEndpointConfig.Configurator.class)) {
            found.add(c.getClass().getName());
        }
        System.out.println("READY " + name + " port=" + port + " configurators=" + String.join(",", found));
        System.out.flush();
    }
}
