package io.mutationapi.server.http;

import io.mutationapi.ErrorCode;
import io.mutationapi.MutationError;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Answers {@code GET /v1/openapi.yaml} with the wire contract's OpenAPI document: {@code 200},
 * {@code Content-Type: application/yaml}, cacheable for an hour. The document is the project's
 * {@code docs/openapi.yaml}, which the build copies into this package as a resource; it is read
 * once, when the handler is built. A build without it (not made by Maven) answers {@code 404
 * not_found}. Immutable; thread-safe.
 */
final class OpenApiDocument {
  /** Where the document is served. */
  static final String PATH = "/v1/openapi.yaml";

  /** The resource, next to this class, that the build copies from {@code docs/openapi.yaml}. */
  static final String RESOURCE = "openapi.yaml";

  private static final String CACHE_CONTROL = "public, max-age=3600";

  private final byte[] document;

  OpenApiDocument() {
    this.document = read();
  }

  CompletionStage<HandlerResponse> answer(Call call) {
    Exchange exchange = call.exchange();
    if (document == null) {
      return exchange.error(
          MutationError.of(
              ErrorCode.NOT_FOUND, "Not found: this build does not include the OpenAPI document"));
    }
    return CompletableFuture.completedFuture(
        new HandlerResponse(
            200,
            Map.of(
                "Content-Type",
                "application/yaml",
                "Cache-Control",
                CACHE_CONTROL,
                MutationHttpHandler.REQUEST_ID,
                exchange.requestId),
            document.clone()));
  }

  private static byte[] read() {
    try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the OpenAPI document " + RESOURCE, e);
    }
  }
}
