package dev.wsengine.samples;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The operator's side door, on its own loopback-only connector so a proxy in front never exposes
 * it: {@code GET /health} (200 serving, 503 draining; with the open
 * sessions' count and the chat broker's state) and {@code POST /drain} (202; the instance
 * refuses new sessions with 503, closes its sessions with 1001 and exits once they are gone).
 * Requests on the other connectors go on to the web application.
 */
final class AdminHandler extends Handler.Wrapper {

    private final Connector admin;
    private final BooleanSupplier serving;
    private final Runnable drain;
    private final Supplier<String> health;

    AdminHandler(Handler application, Connector admin, BooleanSupplier serving, Supplier<String> health, Runnable drain) {
        super(application);
        this.admin = admin;
        this.serving = serving;
        this.drain = drain;
        this.health = health;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (request.getConnectionMetaData().getConnector() != admin) {
            return super.handle(request, response, callback);
        }
        String path = Request.getPathInContext(request);
        String method = request.getMethod();
        switch (path) {
            case "/health" -> {
                if (!HttpMethod.GET.is(method)) {
                    return answer(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "GET /health\n");
                }
                boolean up = serving.getAsBoolean();
                return answer(response, callback, up ? HttpStatus.OK_200 : HttpStatus.SERVICE_UNAVAILABLE_503,
                        (up ? "serving, " : "draining, ") + health.get() + "\n");
            }
            case "/drain" -> {
                if (!HttpMethod.POST.is(method)) {
                    return answer(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "POST /drain\n");
                }
                // On its own thread: the drain stops this very server, which must first answer.
                Thread drainer = new Thread(drain, "sample-server-drain");
                drainer.start();
                return answer(response, callback, HttpStatus.ACCEPTED_202,
                        "draining: new sessions get 503, open ones 1001; the process exits when they are gone\n");
            }
            default -> {
                return answer(response, callback, HttpStatus.NOT_FOUND_404, "GET /health or POST /drain\n");
            }
        }
    }

    private static boolean answer(Response response, Callback callback, int status, String body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        Content.Sink.write(response, true, body, callback);
        return true;
    }
}
