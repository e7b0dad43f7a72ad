package dev.wsengine.samples.ticker;

import dev.wsengine.samples.json.FlatJson;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Live prices: send {@code {"action":"subscribe","symbol":"ACME"}} (or {@code unsubscribe}) and
 * the server pushes {@code {"type":"price","symbol":"ACME","price":101.25}} twice a second.
 */
@ServerEndpoint("/ticker")
public class TickerEndpoint {

    @OnMessage
    public String command(Session session, String json) {
        Map<String, String> command;
        try {
            command = FlatJson.read(json);
        } catch (IllegalArgumentException e) {
            return reply("error", e.getMessage());
        }
        String symbol = command.getOrDefault("symbol", "");
        switch (command.getOrDefault("action", "")) {
            case "subscribe" -> {
                return PriceFeed.get().subscribe(symbol, session)
                        ? reply("subscribed", symbol) : reply("error", "Unknown symbol " + symbol);
            }
            case "unsubscribe" -> {
                PriceFeed.get().unsubscribe(symbol, session);
                return reply("unsubscribed", symbol);
            }
            default -> {
                return reply("error", "Send {\"action\":\"subscribe\" or \"unsubscribe\",\"symbol\":...}");
            }
        }
    }

    @OnClose
    public void close(Session session) {
        PriceFeed.get().unsubscribeAll(session);
    }

    private static String reply(String type, String detail) {
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("type", type);
        reply.put("detail", detail);
        return FlatJson.write(reply);
    }
}
