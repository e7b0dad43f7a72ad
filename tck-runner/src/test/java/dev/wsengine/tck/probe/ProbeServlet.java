package dev.wsengine.tck.probe;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * Found by annotation scanning of WEB-INF/classes. {@code /probe?load=NAME} answers whether the
 * web application can load class NAME, {@code /probe?attribute=NAME} whether its context holds
 * attribute NAME.
 */
@WebServlet("/probe")
public class ProbeServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String attribute = request.getParameter("attribute");
        if (attribute != null) {
            response.getWriter().print(getServletContext().getAttribute(attribute) != null ? "present" : "absent");
            return;
        }
        String name = request.getParameter("load");
        if (name == null) {
            response.getWriter().print("probe");
            return;
        }
        try {
            Class.forName(name, false, getClass().getClassLoader());
            response.getWriter().print("visible");
        } catch (ClassNotFoundException e) {
            response.getWriter().print("hidden");
        }
    }
}
