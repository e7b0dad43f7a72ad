package dev.wsengine.bridge;

import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerApplicationConfig;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

class EndpointDeployerTest {

    @ServerEndpoint("/a")
    public static class AnnotatedA {
    }

    @ServerEndpoint("/b")
    public static class AnnotatedB {
    }

    @ServerEndpoint("/hidden")
    static class NotPublic {
    }

    @ServerEndpoint("/abstract")
    public abstract static class Abstract {
    }

    public static class Programmatic extends Endpoint {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
        }
    }

    /** Keeps only AnnotatedB and deploys Programmatic at /p. */
    public static class ChoosesB implements ServerApplicationConfig {
        static Set<Class<?>> annotatedOffered;
        static Set<Class<? extends Endpoint>> programmaticOffered;

        @Override
        public Set<ServerEndpointConfig> getEndpointConfigs(Set<Class<? extends Endpoint>> endpointClasses) {
            programmaticOffered = endpointClasses;
            return endpointClasses.stream()
                    .map(type -> ServerEndpointConfig.Builder.create(type, "/p").build())
                    .collect(Collectors.toSet());
        }

        @Override
        public Set<Class<?>> getAnnotatedEndpointClasses(Set<Class<?>> scanned) {
            annotatedOffered = scanned;
            return Set.of(AnnotatedB.class);
        }
    }

    /** Adds AnnotatedA; nothing programmatic. */
    public static class ChoosesA implements ServerApplicationConfig {
        @Override
        public Set<ServerEndpointConfig> getEndpointConfigs(Set<Class<? extends Endpoint>> endpointClasses) {
            return null;
        }

        @Override
        public Set<Class<?>> getAnnotatedEndpointClasses(Set<Class<?>> scanned) {
            return Set.of(AnnotatedA.class);
        }
    }

    public static class NoDefaultConstructor implements ServerApplicationConfig {
        public NoDefaultConstructor(String unused) {
        }

        @Override
        public Set<ServerEndpointConfig> getEndpointConfigs(Set<Class<? extends Endpoint>> endpointClasses) {
            return Set.of();
        }

        @Override
        public Set<Class<?>> getAnnotatedEndpointClasses(Set<Class<?>> scanned) {
            return Set.of();
        }
    }

    private final ServerContainer container = mock(ServerContainer.class);
    private final EndpointDeployer deployer = new EndpointDeployer(EndpointDeployer.class);

    private static Set<Class<?>> found(Class<?>... types) {
        return new LinkedHashSet<>(List.of(types));
    }

    @Test
    void withoutApplicationConfigDeploysEveryAnnotatedEndpointAndNoProgrammaticOne() throws Exception {
        deployer.deploy(found(AnnotatedA.class, AnnotatedB.class, Programmatic.class), container);
        verify(container).addEndpoint(AnnotatedA.class);
        verify(container).addEndpoint(AnnotatedB.class);
        verify(container, never()).addEndpoint(any(ServerEndpointConfig.class));
    }

    @Test
    void withApplicationConfigsDeploysTheUnionOfWhatTheyChoose() throws Exception {
        deployer.deploy(found(AnnotatedA.class, AnnotatedB.class, Programmatic.class, ChoosesB.class, ChoosesA.class),
                container);
        verify(container).addEndpoint(AnnotatedA.class);
        verify(container).addEndpoint(AnnotatedB.class);
        ArgumentCaptor<ServerEndpointConfig> configs = ArgumentCaptor.forClass(ServerEndpointConfig.class);
        verify(container, times(1)).addEndpoint(configs.capture());
        assertEquals(Programmatic.class, configs.getValue().getEndpointClass());
        assertEquals("/p", configs.getValue().getPath());
        assertEquals(Set.of(AnnotatedA.class, AnnotatedB.class), ChoosesB.annotatedOffered);
        assertEquals(Set.of(Programmatic.class), ChoosesB.programmaticOffered);
    }

    @Test
    void skipsClassesThatCannotBeAnApplicationsEndpoint() throws Exception {
        deployer.deploy(found(NotPublic.class, Abstract.class, Endpoint.class, ServerApplicationConfig.class,
                AnnotatedA.class), container);
        verify(container).addEndpoint(AnnotatedA.class);
        verify(container, times(1)).addEndpoint(any(Class.class));
    }

    @Test
    void skipsTheEnginesOwnClassesButNotAnApplicationsInTheSameArchive() throws Exception {
        // As if the engine had been built into the test classes' archive, as a shaded jar does.
        EndpointDeployer engineHere = new EndpointDeployer(AnnotatedA.class);
        engineHere.deploy(found(AnnotatedA.class, AnnotatedB.class, dev.wsengine.app.OutsideEndpoint.class), container);
        verify(container).addEndpoint(dev.wsengine.app.OutsideEndpoint.class);
        verify(container, times(1)).addEndpoint(any(Class.class));
    }

    @Test
    void anApplicationConfigThatCannotBeCreatedIsADeploymentErrorNamingIt() {
        DeploymentException e = assertThrows(DeploymentException.class,
                () -> deployer.deploy(found(NoDefaultConstructor.class, AnnotatedA.class), container));
        assertTrue(e.getMessage().contains(NoDefaultConstructor.class.getName()), e.getMessage());
    }

    @Test
    void passesOnTheContainersDeploymentError() throws Exception {
        DeploymentException bad = new DeploymentException("duplicate path /a");
        org.mockito.Mockito.doThrow(bad).when(container).addEndpoint(AnnotatedA.class);
        assertEquals(bad, assertThrows(DeploymentException.class, () -> deployer.deploy(found(AnnotatedA.class), container)));
    }
}
