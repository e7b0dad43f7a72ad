package dev.wsengine.bridge;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Keeps on record why the bridge has a Jetty switch at all: on Jetty 12.1 the portable
 * {@code HttpServletRequest.upgrade()} ends the upgraded input as soon as the 101 is sent, so a
 * byte echo never sees what a client sends after reading the 101 (as every WebSocket client does).
 * When this test starts failing, Jetty has fixed it and the portable path may serve Jetty too.
 */
class JettyPortableUpgradeDefectTest {

    /** Echoes every byte it reads, through the non-blocking servlet streams. */
    public static final class ByteEcho implements HttpUpgradeHandler {
        @Override
        public void init(WebConnection connection) {
            try {
                ServletInputStream in = connection.getInputStream();
                ServletOutputStream out = connection.getOutputStream();
                in.setReadListener(new ReadListener() {
                    @Override
                    public void onDataAvailable() throws IOException {
                        byte[] buffer = new byte[256];
                        while (in.isReady()) {
                            int n = in.read(buffer);
                            if (n < 0) {
                                return;
                            }
                            out.write(buffer, 0, n);
                            out.flush();
                        }
                    }

                    @Override
                    public void onAllDataRead() {
                    }

                    @Override
                    public void onError(Throwable t) {
                    }
                });
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void destroy() {
        }
    }

    public static final class UpgradeServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException, jakarta.servlet.ServletException {
            resp.setStatus(101);
            resp.setHeader("Upgrade", "echo");
            resp.setHeader("Connection", "Upgrade");
            req.upgrade(ByteEcho.class);
        }
    }

    @Test
    void jettysPortableUpgradeLosesBytesSentAfterThe101() throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new ServletHolder(new UpgradeServlet()), "/raw");
        server.setHandler(context);
        server.start();
        try (Socket socket = new Socket("127.0.0.1", connector.getLocalPort())) {
            socket.setSoTimeout(2_000);
            socket.getOutputStream().write(("GET /raw HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: echo\r\n"
                    + "Connection: Upgrade\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            String head = RawClientHead.read(in);
            assertEquals("101", head.split(" ")[1]);
            socket.getOutputStream().write("late bytes".getBytes(StandardCharsets.ISO_8859_1));
            int echoed;
            try {
                echoed = in.read();
            } catch (SocketTimeoutException | java.net.SocketException e) {
                echoed = -1;
            }
            assertEquals(-1, echoed, "Jetty echoed the late bytes: its portable upgrade works now");
        } finally {
            server.stop();
        }
    }

    /** Reads an HTTP response head. */
    static final class RawClientHead {
        static String read(InputStream in) throws IOException {
            StringBuilder head = new StringBuilder();
            int last4 = 0;
            while (last4 != 0x0D0A0D0A) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                head.append((char) b);
                last4 = (last4 << 8) | b;
            }
            return head.toString();
        }
    }
}
