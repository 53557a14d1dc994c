package io.mutationapi.server.http;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * One endpoint of the router: a path template, the methods it answers, and what answers them.
 *
 * <p>A template is a path of literal segments and at most one {@code {id}} segment, e.g. {@code
 * /v1/http-consumers/{id}/next}; {@code {id}} matches one non-empty segment, which is
 * percent-decoded (UTF-8) before the endpoint sees it. Immutable.
 *
 * @param template the path template
 * @param methods the methods answered, e.g. {@code Set.of("GET", "POST")}; others get {@code 405}
 * @param body whether requests carry a body, so that the content type is checked ({@code 415})
 * @param endpoint what answers an authenticated request
 * @param open whether the endpoint is answered without authentication (a public document)
 */
record Route(String template, Set<String> methods, boolean body, Endpoint endpoint, boolean open) {
  /** The segment of a template that matches an id. */
  static final String ID = "{id}";

  /** Validates and copies. */
  Route {
    Objects.requireNonNull(template, "template");
    Objects.requireNonNull(endpoint, "endpoint");
    methods = Set.copyOf(methods);
    if (!template.startsWith("/") || segments(template).stream().filter(ID::equals).count() > 1) {
      throw new IllegalArgumentException("not a route template: " + template);
    }
  }

  /** The value of the {@code Allow} header of a {@code 405}: the methods, in a fixed order. */
  String allow() {
    return String.join(", ", methods.stream().sorted().toList());
  }

  /**
   * Returns the raw (still percent-encoded) id segment of {@code path} if it matches this template,
   * {@code ""} if it matches a template without an id, or null if it does not match.
   */
  String match(List<String> path) {
    List<String> parts = segments(template);
    if (parts.size() != path.size()) {
      return null;
    }
    String id = "";
    for (int i = 0; i < parts.size(); i++) {
      if (parts.get(i).equals(ID)) {
        id = path.get(i);
      } else if (!parts.get(i).equals(path.get(i))) {
        return null;
      }
    }
    return id;
  }

  /** The segments of a path, without the leading slash; a trailing slash gives an empty one. */
  static List<String> segments(String path) {
    return List.of(path.substring(1).split("/", -1));
  }

  /**
   * Answers one request that reached a route, after routing and authentication (none for an {@link
   * #open} route, whose call has {@link io.mutationapi.server.spi.Principal#ANONYMOUS}).
   */
  @FunctionalInterface
  interface Endpoint {
    /** Returns the response; the stage may fail, which the handler answers as a 500. */
    CompletionStage<HandlerResponse> answer(Call call);
  }
}
