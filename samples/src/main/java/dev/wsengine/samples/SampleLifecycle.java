package dev.wsengine.samples;

import dev.wsengine.samples.ticker.PriceFeed;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/** Stops the price feed's thread with the web application, embedded or deployed as a WAR. */
@WebListener
public class SampleLifecycle implements ServletContextListener {

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        PriceFeed.get().stop();
    }
}
