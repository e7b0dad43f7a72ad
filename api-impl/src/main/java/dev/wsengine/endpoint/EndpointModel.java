package dev.wsengine.endpoint;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Decoder;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;

import java.io.InputStream;
import java.io.Reader;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Set;

/**
 * An annotated endpoint class ({@code @ServerEndpoint} or {@code @ClientEndpoint}), checked once
 * at deployment and resolved into method handles. Every shape the specification does not allow
 * is a {@link DeploymentException} naming the class and the method.
 */
public final class EndpointModel {

    /** What an {@code @OnMessage} method receives. */
    enum MessageKind { TEXT, BINARY, PONG }

    /** An {@code @OnMessage} method and the form of message it takes. */
    record MessageMethod(EndpointMethod method, MessageKind kind, Class<?> type, boolean partial, long maxMessageSize) {
    }

    private final Class<?> type;
    private final EndpointMethod onOpen;
    private final EndpointMethod onClose;
    private final EndpointMethod onError;
    private final List<MessageMethod> messageMethods;
    private final Map<String, String> pathNames;

    private EndpointModel(Class<?> type, EndpointMethod onOpen, EndpointMethod onClose, EndpointMethod onError,
                          List<MessageMethod> messageMethods, Map<String, String> pathNames) {
        this.type = type;
        this.onOpen = onOpen;
        this.onClose = onClose;
        this.onError = onError;
        this.messageMethods = List.copyOf(messageMethods);
        this.pathNames = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(pathNames));
    }

    public static EndpointModel of(Class<?> type, List<Class<? extends Decoder>> decoders) throws DeploymentException {
        if (!Modifier.isPublic(type.getModifiers())) {
            throw new DeploymentException("Endpoint class " + type.getName() + " must be public");
        }
        rejectNonPublicAnnotatedMethods(type);
        checkDecoders(type, decoders);
        EndpointMethod open = null;
        EndpointMethod close = null;
        EndpointMethod error = null;
        List<MessageMethod> messages = new ArrayList<>();
        Map<String, String> pathNames = new LinkedHashMap<>();
        for (Method m : type.getMethods()) {
            if (m.isBridge() || m.isSynthetic()) {
                continue;
            }
            if (m.isAnnotationPresent(OnOpen.class)) {
                open = single(open, lifecycle(m, OnOpen.class, pathNames), "@OnOpen", type);
            }
            if (m.isAnnotationPresent(OnClose.class)) {
                close = single(close, lifecycle(m, OnClose.class, pathNames), "@OnClose", type);
            }
            if (m.isAnnotationPresent(OnError.class)) {
                error = single(error, lifecycle(m, OnError.class, pathNames), "@OnError", type);
            }
            if (m.isAnnotationPresent(OnMessage.class)) {
                MessageMethod message = message(m, decoders, pathNames);
                for (MessageMethod other : messages) {
                    if (other.kind() == message.kind()) {
                        throw new DeploymentException(type.getName() + " has two @OnMessage methods for "
                                + message.kind().name().toLowerCase() + " messages: " + other.method().method.getName()
                                + " and " + m.getName());
                    }
                }
                messages.add(message);
            }
        }
        return new EndpointModel(type, open, close, error, messages, pathNames);
    }

    /** The server container checks that every {@code @PathParam} names a variable of the endpoint's path. */
    public void checkPathParameters(Set<String> templateVariables) throws DeploymentException {
        for (Map.Entry<String, String> used : pathNames.entrySet()) {
            if (!templateVariables.contains(used.getKey())) {
                throw new DeploymentException(used.getValue() + " uses @PathParam(\"" + used.getKey()
                        + "\"), which is not a variable of its path (variables: " + templateVariables + ")");
            }
        }
    }

    /**
     * For containers that create instances themselves (the default server configurator,
     * {@code connectToServer(Class, ...)}): fails when the class cannot be instantiated that way.
     */
    public void requirePublicNoArgConstructor() throws DeploymentException {
        if (Modifier.isAbstract(type.getModifiers()) || type.isInterface()) {
            throw new DeploymentException("Endpoint class " + type.getName() + " is abstract and cannot be instantiated");
        }
        if (type.getEnclosingClass() != null && !Modifier.isStatic(type.getModifiers())) {
            throw new DeploymentException("Endpoint class " + type.getName()
                    + " is an inner class; it must be static to be instantiated with a no-argument constructor");
        }
        try {
            type.getConstructor();
        } catch (NoSuchMethodException e) {
            throw new DeploymentException("Endpoint class " + type.getName() + " has no public no-argument constructor", e);
        }
    }

    /** A new instance through the public no-argument constructor. */
    public Object newInstance() throws DeploymentException {
        requirePublicNoArgConstructor();
        try {
            return type.getConstructor().newInstance();
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw new DeploymentException("The constructor of endpoint class " + type.getName() + " threw "
                    + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new DeploymentException("Cannot instantiate endpoint class " + type.getName() + ": " + e, e);
        }
    }

    public Class<?> type() {
        return type;
    }

    EndpointMethod onOpen() {
        return onOpen;
    }

    EndpointMethod onClose() {
        return onClose;
    }

    EndpointMethod onError() {
        return onError;
    }

    List<MessageMethod> messageMethods() {
        return messageMethods;
    }

    private static void checkDecoders(Class<?> type, List<Class<? extends Decoder>> decoders) throws DeploymentException {
        for (Class<? extends Decoder> decoder : decoders) {
            try {
                Decoders.Declared.of(decoder);
            } catch (IllegalArgumentException e) {
                throw new DeploymentException("Decoder of " + type.getName() + ": " + e.getMessage());
            }
            if (!Modifier.isPublic(decoder.getModifiers()) || Modifier.isAbstract(decoder.getModifiers())) {
                throw new DeploymentException("Decoder " + decoder.getName() + " of " + type.getName()
                        + " must be a public concrete class");
            }
            try {
                decoder.getConstructor();
            } catch (NoSuchMethodException e) {
                throw new DeploymentException("Decoder " + decoder.getName() + " of " + type.getName()
                        + " has no public no-argument constructor");
            }
        }
    }

    private static void rejectNonPublicAnnotatedMethods(Class<?> type) throws DeploymentException {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (!Modifier.isPublic(m.getModifiers()) && hasEndpointAnnotation(m)) {
                    throw new DeploymentException("Method " + c.getName() + "." + m.getName()
                            + " is annotated as a WebSocket callback but is not public");
                }
            }
        }
    }

    private static boolean hasEndpointAnnotation(Method m) {
        return m.isAnnotationPresent(OnOpen.class) || m.isAnnotationPresent(OnClose.class)
                || m.isAnnotationPresent(OnError.class) || m.isAnnotationPresent(OnMessage.class);
    }

    private static EndpointMethod single(EndpointMethod existing, EndpointMethod found, String what, Class<?> type)
            throws DeploymentException {
        if (existing != null) {
            throw new DeploymentException(type.getName() + " has two " + what + " methods: "
                    + existing.method.getName() + " and " + found.method.getName());
        }
        return found;
    }

    private static EndpointMethod lifecycle(Method m, Class<? extends Annotation> annotation, Map<String, String> pathNames)
            throws DeploymentException {
        Parameter[] parameters = m.getParameters();
        EndpointMethod.Param[] params = new EndpointMethod.Param[parameters.length];
        boolean throwable = false;
        for (int i = 0; i < parameters.length; i++) {
            Class<?> t = parameters[i].getType();
            EndpointMethod.Param path = pathParam(m, parameters[i], pathNames);
            if (path != null) {
                params[i] = path;
            } else if (t == Session.class) {
                params[i] = new EndpointMethod.Param(EndpointMethod.Source.SESSION, t, null);
            } else if (annotation == OnOpen.class && t == EndpointConfig.class) {
                params[i] = new EndpointMethod.Param(EndpointMethod.Source.CONFIG, t, null);
            } else if (annotation == OnClose.class && t == CloseReason.class) {
                params[i] = new EndpointMethod.Param(EndpointMethod.Source.CLOSE_REASON, t, null);
            } else if (annotation == OnError.class && t == Throwable.class && !throwable) {
                params[i] = new EndpointMethod.Param(EndpointMethod.Source.THROWABLE, t, null);
                throwable = true;
            } else {
                throw new DeploymentException(describe(m) + ": parameter " + (i + 1) + " of type " + t.getName()
                        + " is not allowed on an @" + annotation.getSimpleName() + " method");
            }
        }
        if (annotation == OnError.class && !throwable) {
            throw new DeploymentException(describe(m) + ": an @OnError method needs a Throwable parameter");
        }
        return handleFor(m, params);
    }

    private static MessageMethod message(Method m, List<Class<? extends Decoder>> decoders, Map<String, String> pathNames)
            throws DeploymentException {
        Parameter[] parameters = m.getParameters();
        EndpointMethod.Param[] params = new EndpointMethod.Param[parameters.length];
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < parameters.length; i++) {
            Class<?> t = parameters[i].getType();
            EndpointMethod.Param path = pathParam(m, parameters[i], pathNames);
            if (path != null) {
                params[i] = path;
            } else if (t == Session.class) {
                params[i] = new EndpointMethod.Param(EndpointMethod.Source.SESSION, t, null);
            } else {
                candidates.add(i);
            }
        }
        int message;
        int last = -1;
        if (candidates.size() == 1) {
            message = candidates.get(0);
        } else if (candidates.size() == 2 && isLastFlag(parameters[candidates.get(1)])
                && !isLastFlag(parameters[candidates.get(0)])) {
            message = candidates.get(0);
            last = candidates.get(1);
        } else if (candidates.size() == 2 && isLastFlag(parameters[candidates.get(0)])) {
            // Parameters may come in any order: (boolean last, String part) is a partial method too.
            message = candidates.get(1);
            last = candidates.get(0);
        } else {
            throw new DeploymentException(describe(m) + ": an @OnMessage method takes one message parameter"
                    + " (and a boolean for partial messages), plus optional Session and @PathParam parameters; "
                    + (candidates.isEmpty() ? "found no message parameter" : "cannot tell the message among "
                    + describeParameters(parameters, candidates)));
        }
        Class<?> type = parameters[message].getType();
        params[message] = new EndpointMethod.Param(EndpointMethod.Source.MESSAGE, type, null);
        boolean partial = last >= 0;
        if (partial) {
            params[last] = new EndpointMethod.Param(EndpointMethod.Source.LAST, boolean.class, null);
            if (type != String.class && type != ByteBuffer.class && type != byte[].class) {
                throw new DeploymentException(describe(m) + ": partial messages come as String, ByteBuffer or"
                        + " byte[], not " + type.getName());
            }
        }
        MessageKind kind = kindOf(m, type, decoders);
        long max = m.getAnnotation(OnMessage.class).maxMessageSize();
        if (max > Integer.MAX_VALUE || max < -1) {
            throw new DeploymentException(describe(m) + ": maxMessageSize " + max + " is out of range;"
                    + " use -1 for no limit or at most " + Integer.MAX_VALUE + " bytes");
        }
        return new MessageMethod(handleFor(m, params), kind, type, partial, max);
    }

    private static boolean isLastFlag(Parameter parameter) {
        return parameter.getType() == boolean.class;
    }

    private static String describeParameters(Parameter[] parameters, List<Integer> indexes) {
        StringBuilder text = new StringBuilder();
        for (int i : indexes) {
            text.append(text.length() == 0 ? "" : ", ").append("parameter ").append(i + 1).append(" (")
                    .append(parameters[i].getType().getTypeName()).append(')');
        }
        return text.toString();
    }

    private static MessageKind kindOf(Method m, Class<?> type, List<Class<? extends Decoder>> decoders)
            throws DeploymentException {
        if (type == PongMessage.class) {
            return MessageKind.PONG;
        }
        if (type == String.class || type == Reader.class) {
            return MessageKind.TEXT;
        }
        if (type == ByteBuffer.class || type == byte[].class || type == InputStream.class) {
            return MessageKind.BINARY;
        }
        Decoders.Kind decoder = Decoders.kindFor(decoders, boxed(type));
        if (decoder != null) {
            return decoder.text ? MessageKind.TEXT : MessageKind.BINARY;
        }
        if (Primitives.isPrimitiveOrBox(type)) {
            return MessageKind.TEXT;
        }
        throw new DeploymentException(describe(m) + ": no declared decoder decodes the message type "
                + type.getName() + " (decoders: " + decoders + ")");
    }

    static Class<?> boxed(Class<?> type) {
        return type.isPrimitive() ? java.lang.invoke.MethodType.methodType(type).wrap().returnType() : type;
    }

    private static EndpointMethod.Param pathParam(Method m, Parameter parameter, Map<String, String> pathNames)
            throws DeploymentException {
        PathParam annotation = parameter.getAnnotation(PathParam.class);
        if (annotation == null) {
            return null;
        }
        if (!Primitives.isPathParamType(parameter.getType())) {
            throw new DeploymentException(describe(m) + ": @PathParam(\"" + annotation.value() + "\") has type "
                    + parameter.getType().getName() + "; only String, primitives and their boxes are allowed");
        }
        if (parameter.getType().isPrimitive()) {
            // Spec 4.3: a name that is no variable of the path gives null, which only a primitive cannot hold.
            pathNames.putIfAbsent(annotation.value(), describe(m));
        }
        return new EndpointMethod.Param(EndpointMethod.Source.PATH, parameter.getType(), annotation.value());
    }

    private static EndpointMethod handleFor(Method m, EndpointMethod.Param[] params) throws DeploymentException {
        try {
            return new EndpointMethod(m, params);
        } catch (IllegalAccessException | RuntimeException e) {
            throw new DeploymentException(describe(m) + " cannot be called: " + e.getMessage(), e);
        }
    }

    private static String describe(Method m) {
        return m.getDeclaringClass().getName() + "." + m.getName();
    }
}
