package io.mutationapi.servlet;

import jakarta.servlet.ServletContainerInitializer;

/** A servlet container running on loopback with the servlet registered, for the contract tests. */
interface ServletContainer extends AutoCloseable {
  /** The port the container listens on, on 127.0.0.1. */
  int port();

  /** The name prefix of the container's request threads. */
  String threadPrefix();

  /** Stops the container. */
  @Override
  void close() throws Exception;

  /** Starts a container. */
  interface Factory {
    /**
     * Starts a container on 127.0.0.1, port 0, with at most {@code maxThreads} request threads,
     * whose context {@code contextPath} ({@code ""} for the root) runs {@code initializer}.
     */
    ServletContainer start(
        ServletContainerInitializer initializer, String contextPath, int maxThreads)
        throws Exception;
  }
}
