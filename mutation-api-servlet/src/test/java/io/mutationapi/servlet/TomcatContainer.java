package io.mutationapi.servlet;

import jakarta.servlet.ServletContainerInitializer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

/** Embedded Tomcat 11 with its NIO connector. */
final class TomcatContainer implements ServletContainer {
  private final Tomcat tomcat;
  private final Connector connector;

  private TomcatContainer(Tomcat tomcat, Connector connector) {
    this.tomcat = tomcat;
    this.connector = connector;
  }

  static ServletContainer start(
      ServletContainerInitializer initializer, String contextPath, int maxThreads)
      throws Exception {
    Path base = Files.createTempDirectory("servlet-tomcat");
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(base.toString());
    Connector connector = new Connector("HTTP/1.1");
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    connector.setProperty("maxThreads", Integer.toString(maxThreads));
    connector.setProperty("minSpareThreads", "2");
    connector.setProperty("acceptCount", "4096");
    tomcat.getService().addConnector(connector);
    tomcat.setConnector(connector);
    Context context = tomcat.addContext(contextPath, base.toString());
    context.addServletContainerInitializer(initializer, null);
    tomcat.start();
    return new TomcatContainer(tomcat, connector);
  }

  @Override
  public int port() {
    return connector.getLocalPort();
  }

  @Override
  public String threadPrefix() {
    return "http-nio-";
  }

  @Override
  public void close() throws Exception {
    tomcat.stop();
    tomcat.destroy();
  }
}
