// An application module that uses wsengine from the module path: ModulePathIT compiles and runs it.
module dev.wsengine.it.modular {
    requires dev.wsengine.servlet;
    requires org.eclipse.jetty.server;
    requires org.eclipse.jetty.ee11.servlet;

    // The engine creates and calls the annotated endpoints by reflection.
    opens dev.wsengine.it.modular to dev.wsengine.core;
}
