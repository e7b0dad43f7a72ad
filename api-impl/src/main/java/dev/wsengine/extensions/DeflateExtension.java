package dev.wsengine.extensions;

import jakarta.websocket.Extension;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The immutable {@link Extension} this package hands out (our offer, our answer). Kept
 * package-private: callers see only {@code jakarta.websocket.Extension}. A parameter without a
 * value has a {@code null} value, as Tomcat's and Tyrus's do.
 */
record DeflateExtension(String name, List<Extension.Parameter> parameters) implements Extension {

    DeflateExtension {
        Objects.requireNonNull(name, "name");
        parameters = List.copyOf(parameters);
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public List<Extension.Parameter> getParameters() {
        return parameters;
    }

    /** The header form, e.g. {@code permessage-deflate; client_max_window_bits=10}. */
    @Override
    public String toString() {
        if (parameters.isEmpty()) {
            return name;
        }
        return name + parameters.stream().map(p -> "; " + p).collect(Collectors.joining());
    }

    record Param(String name, String value) implements Extension.Parameter {

        Param {
            Objects.requireNonNull(name, "name");
        }

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
            return value == null ? name : name + "=" + value;
        }
    }
}
