package dev.wsengine.handshake;

import jakarta.websocket.Extension;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** An immutable {@link Extension} as it travels in {@code Sec-WebSocket-Extensions}. */
public record WsExtension(String name, List<Extension.Parameter> parameters) implements Extension {

    public WsExtension {
        Objects.requireNonNull(name, "name");
        parameters = List.copyOf(parameters);
    }

    public static WsExtension of(Extension extension) {
        return extension instanceof WsExtension ws ? ws : new WsExtension(extension.getName(), extension.getParameters());
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public List<Parameter> getParameters() {
        return parameters;
    }

    @Override
    public String toString() {
        return parameters.isEmpty() ? name : name + "; " + parameters.stream()
                .map(Object::toString).collect(Collectors.joining("; "));
    }

    /** A parameter; the value is null for a parameter given without one. */
    public record Param(String name, String value) implements Extension.Parameter {

        @Override
        public String getName() {
            return name;
        }

        @Override
        public String getValue() {
            return value;
        }

        @Override
        public String toString() {
            return value == null ? name : name + "=" + ExtensionHeader.quoteIfNeeded(value);
        }
    }
}
