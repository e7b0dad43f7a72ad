package dev.wsengine.samples.boot;

import dev.wsengine.bridge.WebSocketEngine;
import dev.wsengine.samples.EchoEndpoint;
import dev.wsengine.samples.SampleLifecycle;
import dev.wsengine.samples.chat.ChatEndpoint;
import dev.wsengine.samples.ticker.TickerEndpoint;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.boot.web.servlet.ServletListenerRegistrationBean;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;

/**
 * The samples' echo, chat and ticker endpoints and their pages in a Spring Boot application, on
 * Spring Boot's embedded Tomcat with our container as its only WebSocket support
 * ({@code tomcat-embed-websocket} is excluded in the pom).
 *
 * <p>Spring Boot's embedded containers do not run the {@code ServletContainerInitializer}s found
 * on the class path, ours included, so a {@link ServletContextInitializer} bean,
 * {@link WebSocketEngineInitializer}, installs the engine: Spring Boot calls it while the web
 * application starts.
 */
@SpringBootApplication
public class SampleApplication {

    /** Only pages served from this machine may open connections; 403 for other origins. */
    static final String LOCAL_ORIGINS = "http://localhost:*, http://127.0.0.1:*";

    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }

    /** Installs our engine with the samples' endpoints when the embedded Tomcat starts. */
    @Bean
    WebSocketEngineInitializer webSocketEngine() {
        return new WebSocketEngineInitializer(WebSocketEngine.builder()
                .endpoints(EchoEndpoint.class, ChatEndpoint.class, TickerEndpoint.class)
                .allowedOrigins(LOCAL_ORIGINS));
    }

    /** Stops the ticker's price feed with the application. */
    @Bean
    ServletListenerRegistrationBean<SampleLifecycle> sampleLifecycle() {
        return new ServletListenerRegistrationBean<>(new SampleLifecycle());
    }

    @Bean
    ApplicationListener<ApplicationReadyEvent> announce() {
        return event -> {
            String port = event.getApplicationContext().getEnvironment().getProperty("local.server.port");
            System.out.println("wsengine Spring Boot sample on http://localhost:" + port
                    + "  (chat, ticker and echo pages; echo endpoint ws://localhost:" + port + "/echo)  Ctrl-C stops it.");
        };
    }
}
