/**
 * The Mutation API as an asynchronous Jakarta Servlet 6 servlet: the framework-neutral {@code
 * MutationHttpHandler} served by any servlet container (Jetty, Tomcat, Spring Boot's embedded
 * server), without holding a container thread while a request waits for consumers or a long poll
 * waits for messages.
 *
 * <p>Start at {@link io.mutationapi.servlet.MutationServlet#of}.
 */
module io.mutationapi.servlet {
  requires transitive io.mutationapi.server;
  requires transitive jakarta.servlet;
  requires org.slf4j;

  exports io.mutationapi.servlet;
}
