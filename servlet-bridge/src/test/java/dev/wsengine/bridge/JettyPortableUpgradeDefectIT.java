package dev.wsengine.bridge;

import dev.wsengine.testsupport.RawSocket;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keeps on record why the bridge has a Jetty-specific switch: on Jetty 12.1 the portable
 * {@code HttpServletRequest.upgrade()} ends the upgraded input as soon as the 101 is out, so bytes
 * a client sends after reading the 101 never reach the upgrade handler. The probe below uses
 * nothing of ours, only the Servlet API. When the Jetty test fails, Jetty has fixed the defect and
 * {@code dev.wsengine.bridge.jetty} can be reconsidered; the Tomcat and Undertow tests show the
 * probe works.
 */
class JettyPortableUpgradeDefectIT {

    /** Records what an upgraded connection receives through a plain non-blocking ReadListener. */
    public static final class Probe implements HttpUpgradeHandler {
        static final BlockingQueue<Probe> CREATED = new LinkedBlockingQueue<>();

        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        final CountDownLatch inputEnded = new CountDownLatch(1);
        final CountDownLatch gotData = new CountDownLatch(1);

        public Probe() {
            CREATED.add(this);
        }

        @Override
        public void init(WebConnection connection) {
            try {
                ServletInputStream in = connection.getInputStream();
                in.setReadListener(new ReadListener() {
                    @Override
                    public void onDataAvailable() throws IOException {
                        byte[] buffer = new byte[1024];
                        while (in.isReady()) {
                            int n = in.read(buffer);
                            if (n < 0) {
                                inputEnded.countDown();
                                return;
                            }
                            synchronized (received) {
                                received.write(buffer, 0, n);
                            }
                            gotData.countDown();
                        }
                    }

                    @Override
                    public void onAllDataRead() {
                        inputEnded.countDown();
                    }

                    @Override
                    public void onError(Throwable t) {
                        inputEnded.countDown();
                    }
                });
            } catch (IOException e) {
                inputEnded.countDown();
            }
        }

        @Override
        public void destroy() {
        }

        String receivedText() {
            synchronized (received) {
                return received.toString(US_ASCII);
            }
        }
    }

    static final class ProbeServlet extends HttpServlet {
        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException, jakarta.servlet.ServletException {
            resp.setStatus(HttpServletResponse.SC_SWITCHING_PROTOCOLS);
            resp.setHeader("Upgrade", "probe");
            resp.setHeader("Connection", "Upgrade");
            req.upgrade(Probe.class);
        }
    }

    private static Probe upgradeAndSendLateBytes(EmbeddedServer server) throws Exception {
        Probe.CREATED.clear();
        try (RawSocket client = RawSocket.connect(server.port())) {
            client.sendRaw("GET " + EmbeddedServer.CONTEXT + "/probe HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Upgrade: probe\r\nConnection: Upgrade\r\n\r\n", new byte[0]);
            assertEquals(101, client.readHead().status());
            Probe probe = Probe.CREATED.poll(10, TimeUnit.SECONDS);
            assertNotNull(probe);
            client.send("late bytes".getBytes(US_ASCII));
            // Either the bytes arrive or the input is over; wait for one of the two.
            for (int i = 0; i < 100 && probe.gotData.getCount() > 0 && probe.inputEnded.getCount() > 0; i++) {
                probe.gotData.await(100, TimeUnit.MILLISECONDS);
            }
            return probe;
        }
    }

    private static EmbeddedServer start(EmbeddedServer.Kind kind) throws Exception {
        return kind.create().with((classes, context) ->
                context.addServlet("probe", new ProbeServlet()).addMapping("/probe")).start();
    }

    @Test
    void jettyPortableUpgradeStillLosesBytesSentAfterThe101() throws Exception {
        try (EmbeddedServer jetty = start(EmbeddedServer.Kind.JETTY)) {
            Probe probe = upgradeAndSendLateBytes(jetty);
            assertTrue(probe.inputEnded.await(10, TimeUnit.SECONDS),
                    "Jetty's upgraded input no longer ends at once: check whether the defect is fixed");
            assertEquals("", probe.receivedText(),
                    "Jetty's portable upgrade now delivers late bytes: the Jetty switch may no longer be needed");
        }
    }

    @Test
    void tomcatPortableUpgradeDeliversBytesSentAfterThe101() throws Exception {
        try (EmbeddedServer tomcat = start(EmbeddedServer.Kind.TOMCAT)) {
            Probe probe = upgradeAndSendLateBytes(tomcat);
            assertTrue(probe.gotData.await(10, TimeUnit.SECONDS));
            assertEquals("late bytes", probe.receivedText());
        }
    }

    @Test
    void undertowPortableUpgradeDeliversBytesSentAfterThe101() throws Exception {
        try (EmbeddedServer undertow = start(EmbeddedServer.Kind.UNDERTOW)) {
            Probe probe = upgradeAndSendLateBytes(undertow);
            assertTrue(probe.gotData.await(10, TimeUnit.SECONDS));
            assertEquals("late bytes", probe.receivedText());
        }
    }
}
