package dev.wsengine.samples.boot;

import dev.wsengine.server.WsServerContainer;
import jakarta.servlet.ServletContext;
import jakarta.websocket.server.ServerContainer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.context.WebApplicationContext;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The sample application started in this JVM, whose class path is the module's: Spring Boot's
 * embedded Tomcat publishes our container and none of Tomcat's WebSocket classes are there.
 */
class SpringBootInProcessIT {

    @Test
    void ourContainerIsTheApplicationsServerContainerAndTomcatsWebSocketIsAbsent() throws Exception {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("org.apache.tomcat.websocket.server.WsSci"));
        assertThrows(ClassNotFoundException.class, () -> Class.forName("org.apache.tomcat.websocket.WsWebSocketContainer"));
        try (ConfigurableApplicationContext spring = SpringApplication.run(SampleApplication.class,
                "--server.port=0", "--server.address=127.0.0.1")) {
            ServletContext servletContext = ((WebApplicationContext) spring).getServletContext();
            WsServerContainer container = assertInstanceOf(WsServerContainer.class,
                    servletContext.getAttribute(ServerContainer.class.getName()));
            assertEquals("/chat/{room}", container.match("/chat/lobby").config().getPath());

            int port = Integer.parseInt(spring.getEnvironment().getProperty("local.server.port"));
            Client client = Client.connect(java.net.URI.create("ws://127.0.0.1:" + port + "/echo"));
            client.send("in process");
            assertEquals("text in process", client.next());
        }
    }
}
