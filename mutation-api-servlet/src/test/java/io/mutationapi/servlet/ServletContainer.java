package io.mutationapi.servlet;

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
     * whose context {@code contextPath} ({@code ""} for the root) registers {@code servlet} at
     * {@code mapping} from a {@code ServletContainerInitializer}.
     */
    ServletContainer start(
        MutationServlet servlet, String contextPath, String mapping, int maxThreads)
        throws Exception;
  }
}
