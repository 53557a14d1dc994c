package io.mutationapi.servlet;

/** The servlet's contract on embedded Tomcat 11. */
class TomcatServletTest extends ServletContractTest {
  @Override
  ServletContainer.Factory containers() {
    return TomcatContainer::start;
  }
}
