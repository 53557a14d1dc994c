package io.mutationapi.server.http;

import io.mutationapi.ErrorCode;
import io.mutationapi.MutationError;
import io.mutationapi.server.spi.Authenticator;
import io.mutationapi.server.spi.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * The handler's endpoints and what every request goes through before one of them answers, in the
 * wire contract's order: route ({@code 404}; {@code 405} with the path's {@code Allow}),
 * authenticate before any body is read ({@code 401} with {@code WWW-Authenticate: Bearer}; open
 * routes, such as the OpenAPI document, skip it), check the id in the path ({@code 404} when empty,
 * {@code 400} when malformed), check the content type where the route expects a body ({@code 415}),
 * then the endpoint. Immutable once built; thread-safe.
 */
final class Router {
  private final List<Route> routes;
  private final Authenticator authenticator;
  private final String notFound;

  /**
   * @param routes the endpoints; the first whose template matches a path answers it
   * @param authenticator checks bearer tokens; null accepts every request as {@link
   *     Principal#ANONYMOUS}
   * @param notFound the message of a {@code 404} for a path no route matches
   */
  Router(List<Route> routes, Authenticator authenticator, String notFound) {
    this.routes = List.copyOf(routes);
    this.authenticator = authenticator;
    this.notFound = notFound;
  }

  /** Answers {@code request}. */
  CompletionStage<HandlerResponse> respond(HandlerRequest request, Exchange exchange) {
    List<String> path = request.path().startsWith("/") ? Route.segments(request.path()) : null;
    Route route = null;
    String rawId = null;
    for (int i = 0; path != null && i < routes.size() && route == null; i++) {
      rawId = routes.get(i).match(path);
      route = rawId == null ? null : routes.get(i);
    }
    if (route == null) {
      return exchange.error(MutationError.of(ErrorCode.NOT_FOUND, notFound));
    }
    exchange.endpoint = route.template();
    if (!route.methods().contains(request.method())) {
      String allow = route.allow();
      exchange.header("Allow", allow);
      return exchange.error(
          MutationError.of(
              ErrorCode.METHOD_NOT_ALLOWED,
              "Method "
                  + safe(request.method())
                  + " not allowed; use "
                  + allow.replace(",", " or")));
    }
    Principal principal;
    Optional<String> token = Optional.empty();
    if (authenticator == null || route.open()) {
      principal = Principal.ANONYMOUS;
    } else {
      BearerCredentials credentials = BearerCredentials.of(request);
      token = credentials.token();
      Optional<Principal> found = token.flatMap(authenticator::authenticate);
      if (found.isEmpty()) {
        exchange.header("WWW-Authenticate", "Bearer");
        return exchange.error(
            MutationError.of(
                ErrorCode.UNAUTHORIZED,
                credentials == BearerCredentials.MISSING
                    ? "Missing bearer token: send Authorization: Bearer <token>"
                    : "Invalid bearer token"));
      }
      principal = found.get();
    }
    exchange.principal = principal.name();
    String id = PathIds.decode(rawId);
    if (id == null) {
      return exchange.error(
          MutationError.of(
              ErrorCode.VALIDATION_ERROR,
              "Malformed id in the path: percent-encode it as UTF-8, without control characters"));
    }
    if (route.template().contains(Route.ID) && id.isEmpty()) {
      return exchange.error(MutationError.of(ErrorCode.NOT_FOUND, "Not found: the id is empty"));
    }
    exchange.id = id;
    if (route.body() && !ContentType.isJson(request.header("Content-Type"))) {
      return exchange.error(
          MutationError.of(
              ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be application/json"));
    }
    return route.endpoint().answer(new Call(request, exchange, principal, token, id));
  }

  /** A method name fit for a message and a log: short and printable. */
  static String safe(String method) {
    return method.length() <= 16 && RequestIds.isVisibleAscii(method) ? method : "?";
  }

  /** Collects routes in the order they are tried. Not thread-safe. */
  static final class Routes {
    private final List<Route> routes = new ArrayList<>();

    /** Adds {@code endpoint} at {@code template} for {@code methods}; see {@link Route}. */
    Routes add(String template, List<String> methods, boolean body, Route.Endpoint endpoint) {
      routes.add(new Route(template, Set.copyOf(methods), body, endpoint, false));
      return this;
    }

    /**
     * Adds {@code endpoint} at {@code template} for {@code methods}, answered without
     * authentication and without a body; for public documents only.
     */
    Routes addOpen(String template, List<String> methods, Route.Endpoint endpoint) {
      routes.add(new Route(template, Set.copyOf(methods), false, endpoint, true));
      return this;
    }

    List<Route> list() {
      return List.copyOf(routes);
    }
  }
}
