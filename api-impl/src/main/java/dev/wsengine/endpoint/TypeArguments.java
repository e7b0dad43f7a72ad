package dev.wsengine.endpoint;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.HashMap;
import java.util.Map;

/**
 * Finds what a class binds a generic interface's type parameter to, such as the {@code T} of
 * {@code MessageHandler.Whole<T>} or {@code Decoder.Text<T>}, following superclasses, super-
 * interfaces and type variables bound along the way.
 */
final class TypeArguments {

    private TypeArguments() {
    }

    /** The class bound to parameter {@code index} of {@code generic} by {@code type}, or null if unknown. */
    static Class<?> resolve(Class<?> type, Class<?> generic, int index) {
        return resolve(type, generic, index, new HashMap<>());
    }

    private static Class<?> resolve(Class<?> type, Class<?> generic, int index, Map<TypeVariable<?>, Type> bindings) {
        for (Type parent : parents(type)) {
            Class<?> raw = raw(parent);
            if (raw == null || !generic.isAssignableFrom(raw)) {
                continue;
            }
            Map<TypeVariable<?>, Type> inner = new HashMap<>(bindings);
            if (parent instanceof ParameterizedType p) {
                TypeVariable<?>[] variables = raw.getTypeParameters();
                Type[] actual = p.getActualTypeArguments();
                for (int i = 0; i < variables.length; i++) {
                    inner.put(variables[i], substitute(actual[i], bindings));
                }
                if (raw == generic) {
                    return toClass(inner.get(variables[index]));
                }
            } else if (raw == generic) {
                return null; // used raw: the argument is erased
            }
            Class<?> found = resolve(raw, generic, index, inner);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static Type[] parents(Class<?> type) {
        Type[] interfaces = type.getGenericInterfaces();
        Type superclass = type.getGenericSuperclass();
        if (superclass == null) {
            return interfaces;
        }
        Type[] all = new Type[interfaces.length + 1];
        System.arraycopy(interfaces, 0, all, 0, interfaces.length);
        all[interfaces.length] = superclass;
        return all;
    }

    private static Type substitute(Type type, Map<TypeVariable<?>, Type> bindings) {
        return type instanceof TypeVariable<?> v && bindings.containsKey(v) ? bindings.get(v) : type;
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        return null;
    }

    private static Class<?> toClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        if (type instanceof GenericArrayType array) {
            Class<?> component = toClass(array.getGenericComponentType());
            return component == null ? null : component.arrayType();
        }
        return null;
    }
}
