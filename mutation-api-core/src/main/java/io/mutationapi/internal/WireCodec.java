package io.mutationapi.internal;

import static io.mutationapi.WireFields.CONSISTENCY_TOKEN;
import static io.mutationapi.WireFields.CONSUMER_IDS;
import static io.mutationapi.WireFields.TIMEOUT;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.mutationapi.JsonNumber;
import io.mutationapi.MutationError;
import io.mutationapi.MutationRequest;
import io.mutationapi.MutationResult;
import io.mutationapi.Record;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Reads and writes every body of the wire contract.
 *
 * <p>Reading a request is strict: every rule of the contract is checked and each failure is a
 * {@link WireException} whose message names the JSON path of the problem. Reading a response is
 * lenient: unknown fields are kept (in {@link Record#extensions()}) or ignored, so a newer server
 * never breaks an older client. Record data keeps key order, exact number text and the difference
 * between an absent key and a null one.
 *
 * <p>Hostile bodies are bounded by Jackson's stream constraints (nesting depth, string, name and
 * number lengths, document length); duplicate keys and trailing data are rejected.
 *
 * <p>Instances are immutable and thread-safe; share one.
 */
public final class WireCodec {
  /** The deepest nesting of arrays and objects a body may have. */
  public static final int MAX_NESTING_DEPTH = 64;

  /** The longest string value, in characters. */
  public static final int MAX_STRING_LENGTH = 8 * 1024 * 1024;

  /** The longest number, in characters. */
  public static final int MAX_NUMBER_LENGTH = 1000;

  /** The longest object key, in characters. */
  public static final int MAX_NAME_LENGTH = 4096;

  /** The longest document the codec reads at all, in bytes; the server's body limit is lower. */
  public static final long MAX_DOCUMENT_LENGTH = 64L * 1024 * 1024;

  private static final WireCodec STANDARD = new WireCodec(WireLimits.DEFAULT);

  private final JsonFactory factory;

  /**
   * The same, but leaving duplicate names to the reader: {@link #readResult} tells them apart
   * without Jackson's set per object, and reads a body that fails again with {@link #factory}.
   */
  private final JsonFactory resultFactory;

  private final RequestReader requestReader;
  private final WaitRequestReader waitRequestReader;
  private final int maxJsonValues;

  /** Creates a codec that enforces {@code limits} when reading requests. */
  public WireCodec(WireLimits limits) {
    this.requestReader = new RequestReader(Objects.requireNonNull(limits, "limits"));
    this.waitRequestReader = new WaitRequestReader(requestReader);
    this.maxJsonValues = limits.maxJsonValues();
    this.factory = JsonBodies.factory(true);
    this.resultFactory = JsonBodies.factory(false);
  }

  /** Returns a parser over {@code body} with this codec's limits and checks. */
  JsonParser parser(byte[] body) throws IOException {
    return factory.createParser(body);
  }

  /**
   * Returns an error with no code and {@code detail} as its message (prefixed with {@code "Error:
   * "}): what a caller makes of an answer that is not a Mutation API error.
   */
  public static MutationError uncodedError(int status, String detail) {
    return ErrorBodies.genericError(status, detail);
  }

  /** Returns a codec with {@link WireLimits#DEFAULT}. */
  public static WireCodec standard() {
    return STANDARD;
  }

  // ---- requests ----------------------------------------------------------------------------

  /**
   * Reads and validates a request body.
   *
   * @throws WireException if the body breaks the contract; the message names the JSON path. Its
   *     code is {@code payload_too_large} for a body with more JSON values than {@link
   *     WireLimits#maxJsonValues()}, which is refused as soon as the count is passed
   * @throws UncheckedIOException if reading {@code body} itself fails (its cause is the stream's
   *     exception, e.g. a size limit enforced by the caller's stream)
   */
  public MutationRequest readRequest(InputStream body) {
    try (JsonParser p = new CountingParser(factory.createParser(body), maxJsonValues)) {
      return requestReader.read(JsonBodies.readRootObject(p, "request body"));
    } catch (IOException e) {
      throw JsonBodies.translate(e);
    } catch (IllegalArgumentException e) {
      // The vocabulary's own checks: the reader checks first, so this is a defensive net.
      throw new WireException(e.getMessage(), e);
    }
  }

  /** Reads and validates a request body. */
  public MutationRequest readRequest(byte[] body) {
    return readRequest(new ByteArrayInputStream(body));
  }

  /** Writes a request as the wire contract says: {@code records}, snake_case, timeout in ms. */
  public byte[] writeRequest(MutationRequest request) {
    return JsonBodies.write(factory, g -> RequestWriter.write(g, request));
  }

  // ---- waits for a consistency token ------------------------------------------------------

  /**
   * Reads and validates the body of a wait for a consistency token. A token that is not one (or not
   * of a version this codec reads) is refused with {@link WaitRequest#TOKEN_NOT_VALID}, the message
   * of every refused token.
   *
   * @param consumerIdsInBody whether the body names the consumers ({@code POST /v1/consumers/wait})
   *     rather than the path ({@code POST /v1/consumers/{id}/wait})
   * @throws WireException if the body breaks the contract; the message names the JSON path
   * @throws UncheckedIOException if reading {@code body} itself fails
   */
  public WaitRequest readWaitRequest(InputStream body, boolean consumerIdsInBody) {
    try (JsonParser p = new CountingParser(factory.createParser(body), maxJsonValues)) {
      return waitRequestReader.read(
          JsonBodies.readRootObject(p, "request body"), consumerIdsInBody);
    } catch (IOException e) {
      throw JsonBodies.translate(e);
    }
  }

  /**
   * Writes the body of a wait: {@code consistency_token}, {@code consumer_ids} when the request
   * names any, and {@code timeout} in milliseconds (rounded up).
   */
  public byte[] writeWaitRequest(WaitRequest request) {
    return JsonBodies.write(
        factory,
        g -> {
          g.writeStartObject();
          g.writeStringField(CONSISTENCY_TOKEN, request.token().value());
          if (!request.consumerIds().isEmpty()) {
            g.writeArrayFieldStart(CONSUMER_IDS);
            for (String id : request.consumerIds()) {
              g.writeString(id);
            }
            g.writeEndArray();
          }
          Duration t = request.timeout();
          long millis = t.toMillis() + (t.getNano() % 1_000_000 == 0 ? 0 : 1);
          g.writeNumberField(TIMEOUT, Math.max(1, millis));
          g.writeEndObject();
        });
  }

  /** Writes the answer to a wait whose consumers all reached the token: {@code consumer_ids}. */
  public byte[] writeWaitAnswer(List<String> consumerIds) {
    return JsonBodies.write(
        factory,
        g -> {
          g.writeStartObject();
          g.writeArrayFieldStart(CONSUMER_IDS);
          for (String id : consumerIds) {
            g.writeString(id);
          }
          g.writeEndArray();
          g.writeEndObject();
        });
  }

  // ---- results -----------------------------------------------------------------------------

  /**
   * Writes a success body: {@code {"records": [...]}}, and {@code "consistency_token"} when the
   * result has one.
   */
  public byte[] writeResult(MutationResult result) {
    return JsonBodies.write(
        factory,
        g -> {
          g.writeStartObject();
          RecordWriter.writeRecordsField(g, result.records());
          if (result.consistencyToken().isPresent()) {
            g.writeStringField(CONSISTENCY_TOKEN, result.consistencyToken().get().value());
          }
          g.writeEndObject();
        });
  }

  /**
   * Reads a success body. Unknown top-level fields are ignored; unknown record fields are kept; a
   * {@code consistency_token} that is not one this version reads is left out of the result.
   *
   * @throws WireException if the body is not JSON or lacks what a success body must carry
   */
  public MutationResult readResult(byte[] body) {
    try {
      return readResult(resultFactory, body);
    } catch (RuntimeException e) {
      // Read again with Jackson's own detection of duplicate names, which then fails as it always
      // has: where a duplicate name is followed by a bad value, Jackson reports the name, but the
      // parser without its detection can only report the value.
      return readResult(factory, body);
    }
  }

  private static MutationResult readResult(JsonFactory factory, byte[] body) {
    try (JsonParser p = factory.createParser(body)) {
      return ResultReader.read(p);
    } catch (IOException e) {
      throw JsonBodies.translate(e);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new WireException("response body: " + e.getMessage(), e);
    }
  }

  /**
   * Reads one record from the value model ({@link #readValue}) leniently, as in a success body:
   * unknown fields are kept. For bodies that carry records among other fields, e.g. the messages of
   * an HTTP consumer's {@code /next}.
   *
   * @param path names the record in messages, e.g. {@code data[3].record}
   * @throws WireException if it is not a record
   */
  public Record readRecord(Object value, String path) {
    try {
      return ResultReader.record(value, path);
    } catch (IllegalArgumentException | NullPointerException | ClassCastException e) {
      throw new WireException(path + ": " + e.getMessage(), e);
    }
  }

  /** Writes records as a JSON array. */
  public byte[] writeRecords(List<Record> records) {
    return JsonBodies.write(
        factory,
        g -> {
          g.writeStartArray();
          for (Record r : records) {
            RecordWriter.writeRecord(g, r);
          }
          g.writeEndArray();
        });
  }

  // ---- errors ------------------------------------------------------------------------------

  /**
   * Writes an error body: {@code error}, {@code docs}, {@code code} when known, and the extension
   * fields when not empty.
   */
  public byte[] writeError(MutationError error) {
    return JsonBodies.write(factory, g -> ErrorBodies.write(g, error));
  }

  /**
   * Reads an error body leniently; never throws. A body that is not a JSON error object (a proxy's
   * HTML page, say) becomes an error with no code whose message names the status. A status outside
   * 100-599 (some proxies send 999) is not an HTTP status: it becomes a {@code 502} with no code
   * whose message names the status received.
   */
  public MutationError readError(int status, byte[] body) {
    return ErrorBodies.read(factory, status, body);
  }

  // ---- the JSON value model, for adapters and the client's POJO conversion ------------------

  /** Reads any JSON document into the value model (maps, lists, {@link JsonNumber}, ...). */
  public Object readValue(byte[] json) {
    try (JsonParser p = factory.createParser(json)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        throw new WireException("$: empty document");
      }
      Object value = JsonModel.read(p, t);
      if (p.nextToken() != null) {
        throw new WireException(WirePaths.of(p) + ": unexpected data after the JSON value");
      }
      return value;
    } catch (IOException e) {
      throw JsonBodies.translate(e);
    }
  }

  /**
   * Writes a value of the model as JSON; a {@link io.mutationapi.Record} in it is a wire Record.
   */
  public byte[] writeValue(Object value) {
    return JsonBodies.write(factory, g -> JsonModel.write(g, value));
  }
}
