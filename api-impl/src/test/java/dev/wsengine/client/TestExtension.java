package dev.wsengine.client;

import jakarta.websocket.Extension;

import java.util.List;

/** An application's own {@link Extension} implementation, as the TCK supplies one. */
record TestExtension(String name, List<Extension.Parameter> parameters) implements Extension {

    @Override
    public String getName() {
        return name;
    }

    @Override
    public List<Extension.Parameter> getParameters() {
        return parameters;
    }

    record Param(String name, String value) implements Extension.Parameter {
        @Override
        public String getName() {
            return name;
        }

        @Override
        public String getValue() {
            return value;
        }
    }
}
