package io.mutationapi.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/openapi.yaml as a document: it parses cleanly, it holds the golden wire examples and they
 * validate, it is as strict as the wire about requests, and it names exactly the handler's routes.
 */
class OpenApiDocumentTest {
  static final Path GOLDEN =
      Path.of("..", "mutation-api-core", "src", "test", "resources", "wire-examples");
  static final Path HANDLER =
      Path.of(
          "src", "main", "java", "io", "mutationapi", "server", "http", "MutationHttpHandler.java");
  static final String RUN = "/v1/mutations/run";

  final OpenApiContract contract = OpenApiContract.load();
  final ObjectMapper json = new ObjectMapper();

  @Test
  void document_parsesAsOpenApi31_withNoErrorsOrWarnings() {
    ParseOptions options = new ParseOptions();
    options.setResolve(true);

    SwaggerParseResult result = new OpenAPIV3Parser().readContents(contract.text, null, options);

    assertThat(result.getMessages()).isEmpty();
    assertThat(result.getOpenAPI()).isNotNull();
    assertThat(result.getOpenAPI().getOpenapi()).isEqualTo("3.1.0");
    assertThat(result.getOpenAPI().getPaths()).containsKey(RUN);
  }

  @Test
  void everyGoldenExample_isInTheDocument_andValidatesForItsEndpointAndStatus() throws IOException {
    List<Path> files;
    try (Stream<Path> list = Files.list(GOLDEN)) {
      files = list.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    }
    assertThat(files).hasSizeGreaterThanOrEqualTo(9);
    List<String> problems = new ArrayList<>();
    for (Path file : files) {
      String name = file.getFileName().toString().replace(".json", "");
      String body = Files.readString(file, StandardCharsets.UTF_8);
      JsonNode inDocument = contract.tree.path("components").path("examples").path(name);
      assertThat(inDocument.path("value"))
          .as("components.examples.%s equals wire-examples/%s.json", name, name)
          .isEqualTo(json.readTree(body));
      if (name.endsWith("-request") || name.contains("-request-")) {
        problems.addAll(contract.requestProblems("POST", RUN, body));
      } else {
        int status = name.startsWith("success") ? 200 : Integer.parseInt(name.split("-")[1]);
        problems.addAll(contract.responseProblems("POST", RUN, answer(status, body)));
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void goldenExamples_copiedIntoClientAndExamples_areTheSameFiles() throws IOException {
    // The document holds core's files; the copies in other modules must say the same.
    for (String module : List.of("mutation-api-client", "examples")) {
      Path copies = Path.of("..", module, "src", "test", "resources", "wire-examples");
      try (Stream<Path> list = Files.list(GOLDEN)) {
        for (Path file : list.toList()) {
          assertThat(json.readTree(copies.resolve(file.getFileName()).toFile()))
              .as("%s/%s", module, file.getFileName())
              .isEqualTo(json.readTree(file.toFile()));
        }
      }
    }
  }

  @Test
  void everyExampleInTheDocument_validatesAgainstTheSchemaBesideIt() {
    List<String> problems = new ArrayList<>();
    int[] count = {0};
    mediaTypes(contract.tree, "", problems, count);
    assertThat(problems).isEmpty();
    assertThat(count[0]).isGreaterThanOrEqualTo(13);
  }

  private void mediaTypes(JsonNode node, String pointer, List<String> problems, int[] count) {
    if (node.has("schema") && node.has("examples")) {
      for (Map.Entry<String, JsonNode> example : node.path("examples").properties()) {
        String value = contract.follow(example.getValue()).path("value").toString();
        problems.addAll(
            contract.problems("example " + example.getKey(), pointer + "/schema", value));
        count[0]++;
      }
    }
    for (Map.Entry<String, JsonNode> child : node.properties()) {
      if (!child.getKey().equals("examples")) {
        mediaTypes(
            child.getValue(),
            pointer + "/" + OpenApiContract.escape(child.getKey()),
            problems,
            count);
      }
    }
  }

  @Test
  void requestSchema_refusesWhatTheWireRefuses() {
    List<String> refused =
        List.of(
            // A PartialRecord sent bare.
            "{\"upstream_id\": \"a\", \"data\": {}}",
            // Both records and its alias.
            "{\"kind\": \"create\", \"sync_id\": \"s\", \"collection_id\": \"c\","
                + " \"records\": [{\"data\": {}}], \"data\": [{\"data\": {}}]}",
            // A typo of an await field.
            "{\"kind\": \"create\", \"sync_id\": \"s\", \"collection_id\": \"c\","
                + " \"records\": [{\"data\": {}}], \"await_consumers_ids\": [\"db\"]}",
            // An upstream_id in a create.
            "{\"kind\": \"create\", \"sync_id\": \"s\", \"collection_id\": \"c\","
                + " \"records\": [{\"upstream_id\": \"a\", \"data\": {}}]}",
            // An update without upstream_id.
            "{\"kind\": \"update\", \"sync_id\": \"s\", \"collection_id\": \"c\","
                + " \"records\": [{\"data\": {}}]}",
            // Records in a delete.
            "{\"kind\": \"delete\", \"sync_id\": \"s\", \"collection_id\": \"c\","
                + " \"upstream_ids\": [\"a\"], \"records\": [{\"data\": {}}]}",
            // No records.
            "{\"kind\": \"create\", \"sync_id\": \"s\", \"collection_id\": \"c\", \"records\": []}",
            // An unknown kind; an empty sync id; a timeout of 0.
            "{\"kind\": \"upsert\", \"sync_id\": \"s\", \"collection_id\": \"c\", \"records\": []}",
            "{\"kind\": \"delete\", \"sync_id\": \"\", \"collection_id\": \"c\","
                + " \"upstream_ids\": [\"a\"]}",
            "{\"kind\": \"delete\", \"sync_id\": \"s\", \"collection_id\": \"c\","
                + " \"upstream_ids\": [\"a\"], \"await_consumers_timeout\": 0}");
    for (String body : refused) {
      assertThat(contract.requestProblems("POST", RUN, body)).as(body).isNotEmpty();
    }
    assertThat(
            contract.requestProblems(
                "POST",
                RUN,
                "{\"kind\": \"delete\", \"sync_id\": \"s\", \"collection_id\": \"c\","
                    + " \"upstream_ids\": [\"a\"], \"await_consumer_ids\": null,"
                    + " \"await_consumers_timeout\": null}"))
        .as("null is absent")
        .isEmpty();
    assertThat(
            contract.requestProblems("POST", "/v1/http-consumers/{id}/ack", "{\"ack_tokens\": []}"))
        .isNotEmpty();
    assertThat(
            contract.requestProblems(
                "POST",
                "/v1/consumers/wait",
                "{\"consistency_token\": \"x\", \"consumer_ids\": []}"))
        .isNotEmpty();
  }

  @Test
  void everyRouteOfTheHandler_isDocumented_andEveryDocumentedOperationIsARoute()
      throws IOException {
    // The routes are the one list in MutationHttpHandler.routes: one line per endpoint.
    String source = Files.readString(HANDLER, StandardCharsets.UTF_8);
    String routes = source.substring(source.indexOf("Router.Routes routes("));
    routes = routes.substring(0, routes.indexOf("return routes;"));
    Matcher add =
        Pattern.compile(
                "\\.add(?:Open)?\\(\\s*(\"[^\"]+\"|[A-Za-z.]*PATH)\\s*,\\s*List\\.of\\(([^)]*)\\)")
            .matcher(routes);
    TreeSet<String> inHandler = new TreeSet<>();
    while (add.find()) {
      String path =
          switch (add.group(1)) {
            case "PATH" -> MutationHttpHandler.PATH;
            case "OpenApiDocument.PATH" -> OpenApiDocument.PATH;
            default -> add.group(1).replace("\"", "");
          };
      for (String method : add.group(2).replace("\"", "").split(",")) {
        inHandler.add(method.trim() + " " + path);
      }
    }
    TreeSet<String> documented = new TreeSet<>();
    for (Map.Entry<String, JsonNode> path : contract.tree.path("paths").properties()) {
      for (String method : List.of("get", "post", "put", "delete", "patch", "head", "options")) {
        if (path.getValue().has(method)) {
          documented.add(method.toUpperCase(java.util.Locale.ROOT) + " " + path.getKey());
        }
      }
    }

    assertThat(inHandler).hasSizeGreaterThanOrEqualTo(14);
    assertThat(documented).isEqualTo(inHandler);
  }

  static HandlerResponse answer(int status, String body) {
    return new HandlerResponse(
        status,
        Map.of("Content-Type", "application/json", MutationHttpHandler.REQUEST_ID, "golden"),
        body.getBytes(StandardCharsets.UTF_8));
  }
}
