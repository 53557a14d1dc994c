package io.mutationapi.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * docs/openapi.yaml, read for tests: the schema of an endpoint's request body or of one of its
 * answers, and the problems of a body against it (JSON Schema 2020-12 with OpenAPI 3.1's
 * vocabulary, by networknt's validator). Each problem names the endpoint, the status and the JSON
 * path of the mismatch.
 */
final class OpenApiContract {
  /** The document, from the module's directory (where Maven runs the tests). */
  static final Path DOCUMENT = Path.of("..", "docs", "openapi.yaml");

  private static final String BASE = "https://mutation-api.invalid/openapi.yaml";

  final String text;
  final JsonNode tree;
  private final SchemaRegistry registry;

  private OpenApiContract(String text) {
    this.text = text;
    try {
      this.tree = new YAMLMapper().readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.registry =
        SchemaRegistry.withDefaultDialect(
            Dialects.getOpenApi31(), builder -> builder.schemas(Map.of(BASE, text)));
  }

  static OpenApiContract load() {
    try {
      return new OpenApiContract(Files.readString(DOCUMENT, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The operation of {@code method} at {@code template}; missing node if none. */
  JsonNode operation(String method, String template) {
    return tree.path("paths").path(template).path(method.toLowerCase(Locale.ROOT));
  }

  /** The documented answer for {@code status}, with a {@code $ref} to a component followed. */
  JsonNode response(String method, String template, int status) {
    JsonNode operation = operation(method, template);
    if (operation.isMissingNode() && status == 405) {
      // A method the path does not have: its 405 is documented on the path's operations.
      for (Map.Entry<String, JsonNode> other : tree.path("paths").path(template).properties()) {
        if (other.getValue().has("responses")) {
          operation = other.getValue();
          break;
        }
      }
    }
    return follow(operation.path("responses").path(Integer.toString(status)));
  }

  /** Problems of {@code json} as the request body of {@code method template}; empty if none. */
  List<String> requestProblems(String method, String template, String json) {
    String where = method + " " + template + " request";
    JsonNode body = follow(operation(method, template).path("requestBody"));
    if (body.isMissingNode()) {
      return List.of(where + ": no request body documented");
    }
    return problems(where, pointerOf(body) + "/content/application~1json/schema", json);
  }

  /**
   * Problems of an answer: its status documented for the operation, its documented required headers
   * present, its content type and body as documented (none for a response without content). Empty
   * if none.
   */
  List<String> responseProblems(String method, String template, HandlerResponse answer) {
    String where = method + " " + template + " " + answer.status();
    JsonNode response = response(method, template, answer.status());
    if (response.isMissingNode()) {
      return List.of(where + ": status not documented for this endpoint");
    }
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, JsonNode> header : response.path("headers").properties()) {
      if (follow(header.getValue()).path("required").asBoolean()
          && answer.header(header.getKey()) == null) {
        problems.add(where + ": header " + header.getKey() + " missing");
      }
    }
    JsonNode content = response.path("content");
    String type = answer.header("Content-Type");
    if (content.isMissingNode()) {
      if (answer.body().length != 0 || type != null) {
        problems.add(where + ": documented without a body, got " + type);
      }
      return problems;
    }
    String mediaType = type == null ? "" : type.split(";")[0].trim();
    if (!content.has(mediaType)) {
      problems.add(where + ": Content-Type " + type + " not documented");
      return problems;
    }
    if (!mediaType.equals("application/json")) {
      return problems;
    }
    String pointer = pointerOf(response) + "/content/" + escape(mediaType) + "/schema";
    problems.addAll(problems(where, pointer, new String(answer.body(), StandardCharsets.UTF_8)));
    return problems;
  }

  /** Problems of {@code json} against the schema at {@code pointer} in the document. */
  List<String> problems(String where, String pointer, String json) {
    Schema schema = registry.getSchema(SchemaLocation.of(BASE + "#" + pointer));
    List<Error> errors = schema.validate(json, InputFormat.JSON);
    return errors.stream().map(e -> where + ": " + e).toList();
  }

  /** {@code node}, or the component its {@code $ref} names. */
  JsonNode follow(JsonNode node) {
    JsonNode ref = node.path("$ref");
    return ref.isTextual() ? follow(tree.at(ref.asText().substring(1))) : node;
  }

  /** The JSON pointer of {@code node} in the document (found by identity). */
  String pointerOf(JsonNode node) {
    String found = find(tree, node, "");
    if (found == null) {
      throw new IllegalArgumentException("not a node of the document");
    }
    return found;
  }

  private static String find(JsonNode at, JsonNode wanted, String pointer) {
    if (at == wanted) {
      return pointer;
    }
    for (Map.Entry<String, JsonNode> child : at.properties()) {
      String found = find(child.getValue(), wanted, pointer + "/" + escape(child.getKey()));
      if (found != null) {
        return found;
      }
    }
    for (int i = 0; at.isArray() && i < at.size(); i++) {
      String found = find(at.get(i), wanted, pointer + "/" + i);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }
}
