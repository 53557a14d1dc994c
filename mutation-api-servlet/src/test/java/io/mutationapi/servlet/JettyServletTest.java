package io.mutationapi.servlet;

/** The servlet's contract on Jetty 12 (ee10). */
class JettyServletTest extends ServletContractTest {
  @Override
  ServletContainer.Factory containers() {
    return JettyContainer::start;
  }
}
