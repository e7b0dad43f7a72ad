package dev.wsengine.samples;

import dev.wsengine.samples.chat.ChatRooms;
import dev.wsengine.samples.chat.RedisRoomBroker;
import dev.wsengine.samples.ticker.PriceFeed;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/**
 * Starts the chat's broker and stops it and the price feed's thread with the web application,
 * embedded or deployed as a WAR. The chat spans instances through Redis when the context parameter
 * {@value #REDIS_PARAM} or the environment variable {@code REDIS_URL} names one
 * ({@code redis://host:port}); otherwise each instance's rooms are its own.
 */
@WebListener
public class SampleLifecycle implements ServletContextListener {

    public static final String REDIS_PARAM = "dev.wsengine.samples.redis";

    @Override
    public void contextInitialized(ServletContextEvent event) {
        String url = event.getServletContext().getInitParameter(REDIS_PARAM);
        if (url == null || url.isBlank()) {
            url = System.getenv("REDIS_URL");
        }
        if (url != null && !url.isBlank()) {
            ChatRooms.useBroker(RedisRoomBroker.start(url, ChatRooms.localDelivery()));
        }
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        PriceFeed.get().stop();
        ChatRooms.useLocal();
    }
}
