package dev.wsengine.handshake;

import jakarta.websocket.Extension;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Our immutable {@link Extension}: a name and its parameters in header order. Equal to another
 * {@code WsExtension} with the same name and the same parameters in the same order.
 * {@link #toString()} is the extension's header form, such as
 * {@code permessage-deflate; client_max_window_bits}.
 */
public final class WsExtension implements Extension {

    private final String name;
    private final List<Parameter> parameters;

    public WsExtension(String name, List<? extends Parameter> parameters) {
        if (!HttpTokens.isToken(name)) {
            throw new IllegalArgumentException("Extension name must be an HTTP token: '" + name + "'");
        }
        this.name = name;
        this.parameters = List.copyOf(parameters);
    }

    public WsExtension(String name) {
        this(name, List.of());
    }

    /** An immutable copy of any {@link Extension} implementation. */
    public static WsExtension of(Extension extension) {
        if (extension instanceof WsExtension ours) {
            return ours;
        }
        List<Parameter> params = new ArrayList<>();
        if (extension.getParameters() != null) {
            for (Parameter p : extension.getParameters()) {
                params.add(new Param(p.getName(), p.getValue()));
            }
        }
        return new WsExtension(extension.getName(), params);
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
    public boolean equals(Object o) {
        return o instanceof WsExtension other && name.equals(other.name) && parameters.equals(other.parameters);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + parameters.hashCode();
    }

    @Override
    public String toString() {
        return ExtensionHeader.format(this);
    }

    /** An immutable extension parameter; {@code value} is null for a parameter without '='. */
    public static final class Param implements Parameter {

        private final String name;
        private final String value;

        public Param(String name, String value) {
            if (!HttpTokens.isToken(name)) {
                throw new IllegalArgumentException("Extension parameter name must be an HTTP token: '" + name + "'");
            }
            this.name = name;
            this.value = value;
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
        public boolean equals(Object o) {
            return o instanceof Param other && name.equals(other.name) && Objects.equals(value, other.value);
        }

        @Override
        public int hashCode() {
            return name.hashCode() * 31 + Objects.hashCode(value);
        }

        @Override
        public String toString() {
            return value == null ? name : name + "=" + ExtensionHeader.formatValue(value);
        }
    }
}
