package dev.wsengine.endpoint;

import jakarta.websocket.CloseReason;
import jakarta.websocket.DecodeException;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;

/**
 * One annotated method, resolved once at deployment: a method handle taking the endpoint
 * instance and an argument array, and for each parameter where its value comes from.
 */
final class EndpointMethod {

    /** Where one parameter's value comes from at each call. */
    enum Source { SESSION, CONFIG, CLOSE_REASON, THROWABLE, PATH, MESSAGE, LAST }

    record Param(Source source, Class<?> type, String pathName) {
    }

    final Method method;
    final Param[] params;
    private final MethodHandle handle;

    EndpointMethod(Method method, Param[] params) throws IllegalAccessException {
        this.method = method;
        this.params = params;
        MethodHandle direct;
        try {
            direct = MethodHandles.publicLookup().unreflect(method);
        } catch (IllegalAccessException e) {
            method.setAccessible(true);
            direct = MethodHandles.lookup().unreflect(method);
        }
        if (java.lang.reflect.Modifier.isStatic(method.getModifiers())) {
            // Callers always pass the instance first; a static method just ignores it.
            direct = MethodHandles.dropArguments(direct, 0, Object.class);
        }
        this.handle = direct.asType(MethodType.genericMethodType(params.length + 1))
                .asSpreader(Object[].class, params.length);
    }

    /** Calls the method; exceptions thrown by the application come out unwrapped. */
    Object invoke(Object instance, Session session, EndpointConfig config, CloseReason reason, Throwable error,
                  Object message, boolean last) throws Throwable {
        Object[] args = new Object[params.length];
        for (int i = 0; i < params.length; i++) {
            Param p = params[i];
            args[i] = switch (p.source()) {
                case SESSION -> session;
                case CONFIG -> config;
                case CLOSE_REASON -> reason;
                case THROWABLE -> error;
                case PATH -> pathValue(session, p);
                case MESSAGE -> message;
                case LAST -> last;
            };
        }
        return (Object) handle.invokeExact(instance, args);
    }

    private static Object pathValue(Session session, Param p) throws DecodeException {
        return Primitives.fromText(p.type(), session.getPathParameters().get(p.pathName()));
    }

    String describe() {
        return method.getDeclaringClass().getName() + "." + method.getName();
    }
}
