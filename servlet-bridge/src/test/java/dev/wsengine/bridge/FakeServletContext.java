package dev.wsengine.bridge;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * A mocked {@link ServletContext} at {@code /app} that keeps its attributes, its init parameters
 * and the filters added to it, as a starting web application does.
 */
final class FakeServletContext {

    final ServletContext context = mock(ServletContext.class);
    final Map<String, Object> attributes = new HashMap<>();
    final Map<String, String> parameters = new HashMap<>();
    final Map<String, Filter> filters = new LinkedHashMap<>();
    final FilterRegistration.Dynamic registration = mock(FilterRegistration.Dynamic.class);

    FakeServletContext() {
        when(context.getContextPath()).thenReturn("/app");
        when(context.getClassLoader()).thenReturn(FakeServletContext.class.getClassLoader());
        when(context.getAttribute(anyString())).thenAnswer(call -> attributes.get(call.<String>getArgument(0)));
        doAnswer(call -> attributes.put(call.getArgument(0), call.getArgument(1)))
                .when(context).setAttribute(anyString(), any());
        doAnswer(call -> attributes.remove(call.<String>getArgument(0))).when(context).removeAttribute(anyString());
        when(context.getInitParameter(anyString())).thenAnswer(call -> parameters.get(call.<String>getArgument(0)));
        when(context.addFilter(anyString(), any(Filter.class))).thenAnswer(call -> {
            if (filters.putIfAbsent(call.getArgument(0), call.getArgument(1)) != null) {
                return null;
            }
            return registration;
        });
    }

    /** Destroys the filters, as the servlet container does when the application stops. */
    void stop() {
        filters.values().forEach(Filter::destroy);
    }
}
