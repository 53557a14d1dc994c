package io.mutationapi.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import io.mutationapi.AwaitConsumers;
import io.mutationapi.ErrorCode;
import io.mutationapi.JsonNumber;
import io.mutationapi.MutationError;
import io.mutationapi.MutationRequest;
import io.mutationapi.MutationResult;
import io.mutationapi.PartialRecord;
import io.mutationapi.Record;
import java.io.ByteArrayInputStream;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

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

  private static final DateTimeFormatter TIMESTAMP =
      new DateTimeFormatterBuilder()
          .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
          .appendFraction(ChronoField.MICRO_OF_SECOND, 6, 6, true)
          .appendLiteral('Z')
          .toFormatter()
          .withZone(ZoneOffset.UTC);

  private static final WireCodec STANDARD = new WireCodec(WireLimits.DEFAULT);

  private final JsonFactory factory;

  /**
   * The same, but leaving duplicate names to the reader: {@link #readResult} tells them apart
   * without Jackson's set per object, and reads a body that fails again with {@link #factory}.
   */
  private final JsonFactory resultFactory;

  private final RequestReader requestReader;
  private final int maxJsonValues;

  /** Creates a codec that enforces {@code limits} when reading requests. */
  public WireCodec(WireLimits limits) {
    this.requestReader = new RequestReader(Objects.requireNonNull(limits, "limits"));
    this.maxJsonValues = limits.maxJsonValues();
    this.factory = factory(true);
    this.resultFactory = factory(false);
  }

  private static JsonFactory factory(boolean detectDuplicates) {
    return JsonFactory.builder()
        .streamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .maxStringLength(MAX_STRING_LENGTH)
                .maxNumberLength(MAX_NUMBER_LENGTH)
                .maxNameLength(MAX_NAME_LENGTH)
                .maxDocumentLength(MAX_DOCUMENT_LENGTH)
                .build())
        .configure(StreamReadFeature.STRICT_DUPLICATE_DETECTION, detectDuplicates)
        .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
        .build();
  }

  /** Returns a parser over {@code body} with this codec's limits and checks. */
  JsonParser parser(byte[] body) throws IOException {
    return factory.createParser(body);
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
      return requestReader.read(readRootObject(p, "request body"));
    } catch (IOException e) {
      throw translate(e);
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
    return write(
        g -> {
          g.writeStartObject();
          g.writeStringField(RequestReader.KIND, request.kind().wireName());
          g.writeStringField(RequestReader.SYNC_ID, request.syncId());
          g.writeStringField(RequestReader.COLLECTION_ID, request.collectionId());
          if (request instanceof MutationRequest.Delete) {
            g.writeArrayFieldStart(RequestReader.UPSTREAM_IDS);
            for (String id : ((MutationRequest.Delete) request).upstreamIds()) {
              g.writeString(id);
            }
            g.writeEndArray();
          } else {
            List<PartialRecord> records =
                request instanceof MutationRequest.Create
                    ? ((MutationRequest.Create) request).records()
                    : ((MutationRequest.Update) request).records();
            g.writeArrayFieldStart(RequestReader.RECORDS);
            for (PartialRecord record : records) {
              g.writeStartObject();
              if (record.upstreamId().isPresent()) {
                g.writeStringField(RequestReader.UPSTREAM_ID, record.upstreamId().get());
              }
              g.writeFieldName(RequestReader.DATA);
              JsonModel.write(g, record.data());
              g.writeEndObject();
            }
            g.writeEndArray();
          }
          if (request.awaitConsumers().isPresent()) {
            AwaitConsumers await = request.awaitConsumers().get();
            g.writeArrayFieldStart(RequestReader.AWAIT_CONSUMER_IDS);
            for (String id : await.consumerIds()) {
              g.writeString(id);
            }
            g.writeEndArray();
            g.writeNumberField(RequestReader.AWAIT_CONSUMERS_TIMEOUT, await.timeout().toMillis());
          }
          g.writeEndObject();
        });
  }

  // ---- results -----------------------------------------------------------------------------

  /** Writes a success body: {@code {"records": [...]}}. */
  public byte[] writeResult(MutationResult result) {
    return write(
        g -> {
          g.writeStartObject();
          writeRecordsField(g, result.records());
          g.writeEndObject();
        });
  }

  /**
   * Reads a success body. Unknown top-level fields are ignored; unknown record fields are kept.
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
      return readResult(p);
    } catch (IOException e) {
      throw translate(e);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new WireException("response body: " + e.getMessage(), e);
    }
  }

  /**
   * Reads the records straight from the parser, without the value model of the whole body. A bad
   * record is reported only once the body has been read to its end, so that malformed JSON anywhere
   * in it is reported first, as when the body was read whole before its records.
   *
   * @throws JsonModel.DuplicateName if the parser leaves duplicate names to the reader and an
   *     object repeats a name
   */
  private static MutationResult readResult(JsonParser p) throws IOException {
    startRootObject(p, "response body");
    boolean checkDuplicates = !p.isEnabled(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
    boolean seenRecords = false;
    Set<String> otherNames = null;
    List<Record> records = null;
    RuntimeException invalid = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = JsonModel.readName(p);
      if (checkDuplicates) {
        boolean repeated;
        if (RECORDS.equals(name)) {
          repeated = seenRecords;
          seenRecords = true;
        } else {
          if (otherNames == null) {
            otherNames = new HashSet<>(4);
          }
          repeated = !otherNames.add(name);
        }
        if (repeated) {
          throw JsonModel.DuplicateName.INSTANCE;
        }
      }
      JsonToken t = p.nextToken();
      if (!RECORDS.equals(name)) {
        JsonModel.read(p, t); // ignored, but checked like the rest of the body
      } else if (t != JsonToken.START_ARRAY) {
        Object value = JsonModel.read(p, t);
        invalid = new WireException(RECORDS + ": must be an array, found " + describe(value));
      } else {
        records = new ArrayList<>();
        RecordFields fields = new RecordFields(checkDuplicates);
        int index = 0;
        for (t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken(), index++) {
          if (invalid != null) {
            JsonModel.read(p, t);
          } else if (t != JsonToken.START_OBJECT) {
            Object value = JsonModel.read(p, t);
            invalid =
                new WireException(
                    WirePaths.index(RECORDS, index)
                        + ": must be an object, found "
                        + describe(value));
          } else {
            fields.read(p);
            try {
              records.add(fields.toRecord(RECORDS, index));
            } catch (WireException | IllegalArgumentException | NullPointerException e) {
              invalid = e;
            }
          }
        }
      }
    }
    endRootObject(p);
    if (invalid != null) {
      throw invalid;
    }
    if (records == null) {
      throw new WireException(RECORDS + ": must be an array, found null");
    }
    return new MutationResult(records);
  }

  /** Writes one record as a JSON object. */
  public byte[] writeRecord(Record record) {
    return write(g -> writeRecord(g, record));
  }

  /** Writes records as a JSON array. */
  public byte[] writeRecords(List<Record> records) {
    return write(
        g -> {
          g.writeStartArray();
          for (Record r : records) {
            writeRecord(g, r);
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
    return write(
        g -> {
          g.writeStartObject();
          g.writeStringField(ERROR, error.message());
          g.writeArrayFieldStart(DOCS);
          for (String doc : error.docs()) {
            g.writeString(doc);
          }
          g.writeEndArray();
          if (error.code().isPresent()) {
            g.writeStringField(CODE, error.code().get().value());
          }
          if (!error.pendingConsumerIds().isEmpty()) {
            g.writeArrayFieldStart(PENDING_CONSUMER_IDS);
            for (String id : error.pendingConsumerIds()) {
              g.writeString(id);
            }
            g.writeEndArray();
          }
          if (!error.records().isEmpty()) {
            writeRecordsField(g, error.records());
          }
          if (!error.failures().isEmpty()) {
            g.writeArrayFieldStart(FAILURES);
            for (MutationError.Failure f : error.failures()) {
              g.writeStartObject();
              g.writeNumberField(INDEX, f.index());
              g.writeStringField(ERROR, f.error());
              g.writeEndObject();
            }
            g.writeEndArray();
          }
          g.writeEndObject();
        });
  }

  /**
   * Reads an error body leniently; never throws. A body that is not a JSON error object (a proxy's
   * HTML page, say) becomes an error with no code whose message names the status. A status outside
   * 100-599 (some proxies send 999) is not an HTTP status: it becomes a {@code 502} with no code
   * whose message names the status received.
   */
  public MutationError readError(int status, byte[] body) {
    if (status < 100 || status > 599) {
      return genericError(502, "HTTP status " + status + " is not an HTTP status");
    }
    Map<String, Object> root;
    try (JsonParser p = factory.createParser(body)) {
      root = readRootObject(p, "error body");
    } catch (IOException | RuntimeException e) {
      return genericError(status, "HTTP " + status + " with a body that is not a JSON error");
    }
    Object message = root.get(ERROR);
    if (!(message instanceof String)) {
      return genericError(status, "HTTP " + status + " with no error message");
    }
    Optional<ErrorCode> code = Optional.empty();
    if (root.get(CODE) instanceof String && !((String) root.get(CODE)).isEmpty()) {
      code = Optional.of(ErrorCode.of((String) root.get(CODE)));
    }
    List<Record> records = List.of();
    try {
      if (root.get(RECORDS) != null) {
        records = records(root.get(RECORDS), RECORDS, false);
      }
    } catch (RuntimeException e) {
      records = List.of(); // a malformed extension never hides the error itself
    }
    List<MutationError.Failure> failures = new ArrayList<>();
    if (root.get(FAILURES) instanceof List) {
      for (Object item : (List<?>) root.get(FAILURES)) {
        if (item instanceof Map) {
          Map<?, ?> f = (Map<?, ?>) item;
          if (f.get(INDEX) instanceof JsonNumber && f.get(ERROR) instanceof String) {
            int index = requestIndex((JsonNumber) f.get(INDEX));
            if (index >= 0) {
              failures.add(new MutationError.Failure(index, (String) f.get(ERROR)));
            }
          }
        }
      }
    }
    return new MutationError(
        status,
        code,
        (String) message,
        strings(root.get(DOCS)),
        strings(root.get(PENDING_CONSUMER_IDS)),
        records,
        failures);
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
      throw translate(e);
    }
  }

  /** Writes a value of the model as JSON. */
  public byte[] writeValue(Object value) {
    return write(g -> JsonModel.write(g, value));
  }

  /** Formats a timestamp as the wire wants: UTC with six fractional digits. */
  public static String formatTimestamp(Instant instant) {
    long seconds = instant.getEpochSecond();
    if (seconds < FIRST_FAST_SECOND || seconds > LAST_FAST_SECOND) {
      return TIMESTAMP.format(instant); // years outside 0000-9999 carry a sign and more digits
    }
    // By hand, as the formatter would: every record written carries one or two timestamps, and
    // the formatter allocated more than the rest of a one-record response.
    long days = Math.floorDiv(seconds, 86_400L);
    int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
    LocalDate date = LocalDate.ofEpochDay(days);
    byte[] b = new byte[27];
    digits(b, 0, date.getYear(), 4);
    b[4] = '-';
    digits(b, 5, date.getMonthValue(), 2);
    b[7] = '-';
    digits(b, 8, date.getDayOfMonth(), 2);
    b[10] = 'T';
    digits(b, 11, secondOfDay / 3600, 2);
    b[13] = ':';
    digits(b, 14, secondOfDay / 60 % 60, 2);
    b[16] = ':';
    digits(b, 17, secondOfDay % 60, 2);
    b[19] = '.';
    digits(b, 20, instant.getNano() / 1000, 6);
    b[26] = 'Z';
    return new String(b, StandardCharsets.US_ASCII);
  }

  /** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the years written with exactly 4 digits. */
  private static final long FIRST_FAST_SECOND = -62_167_219_200L;

  private static final long LAST_FAST_SECOND = 253_402_300_799L;

  private static void digits(byte[] b, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      b[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
  }

  /**
   * Parses an ISO-8601 timestamp with a zone or offset ({@code Z}, {@code +00:00}).
   *
   * @throws DateTimeParseException if it is not one
   */
  public static Instant parseTimestamp(String text) {
    Objects.requireNonNull(text, "text");
    Instant common = Timestamps.parseCommon(text);
    if (common != null) {
      return common;
    }
    return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
  }

  // ---- internals ---------------------------------------------------------------------------

  private static final String ERROR = "error";
  private static final String DOCS = "docs";
  private static final String CODE = "code";
  private static final String PENDING_CONSUMER_IDS = "pending_consumer_ids";
  private static final String FAILURES = "failures";
  private static final String INDEX = "index";
  private static final String RECORDS = RequestReader.RECORDS;

  private static final String R_SYNC_ID = "sync_id";
  private static final String R_COLLECTION_ID = "collection_id";
  private static final String R_UPSTREAM_ID = "upstream_id";
  private static final String R_UPDATED_AT = "upstream_updated_at";
  private static final String R_CREATED_AT = "upstream_created_at";
  private static final String R_UPDATED_IDX = "updated_idx";
  private static final String R_DATA = "data";
  private static final String R_DELETED = "deleted";

  private static Map<String, Object> readRootObject(JsonParser p, String what) throws IOException {
    startRootObject(p, what);
    Map<String, Object> root = JsonModel.readObjectBody(p);
    endRootObject(p);
    return root;
  }

  /** Reads the start of the body, which must be an object. */
  private static void startRootObject(JsonParser p, String what) throws IOException {
    JsonToken t = p.nextToken();
    if (t == null) {
      throw new WireException("$: " + what + " is empty");
    }
    if (t != JsonToken.START_OBJECT) {
      throw new WireException(
          "$: " + what + " must be a JSON object, found " + RequestReader.describe(value(p, t)));
    }
  }

  /** Checks that nothing follows the root object, whose end has just been read. */
  private static void endRootObject(JsonParser p) throws IOException {
    if (p.nextToken() != null) {
      throw new WireException("$: unexpected data after the JSON object");
    }
  }

  private static String describe(Object value) {
    return RequestReader.describe(value);
  }

  private static Object value(JsonParser p, JsonToken t) throws IOException {
    return t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY
        ? (t == JsonToken.START_ARRAY ? List.of() : Map.of())
        : JsonModel.read(p, t);
  }

  static RuntimeException translate(IOException e) {
    if (e instanceof StreamConstraintsException) {
      JsonProcessingException jpe = (JsonProcessingException) e;
      return new WireException(
          "body exceeds a limit"
              + where(jpe)
              + ": "
              + ParserMessages.limit(jpe.getOriginalMessage()),
          e);
    }
    if (e instanceof JsonEOFException) {
      return new WireException(
          "malformed JSON: unexpected end of input" + where((JsonProcessingException) e), e);
    }
    if (e instanceof JsonParseException) {
      JsonParseException jpe = (JsonParseException) e;
      String message = jpe.getOriginalMessage();
      // Jackson reports duplicate keys as "Duplicate field 'x'"; keep its words, add the path.
      return new WireException(
          "malformed JSON" + where(jpe) + ": " + ParserMessages.syntax(message), e);
    }
    if (e instanceof CharConversionException) {
      return new WireException("malformed JSON: invalid UTF-8", e);
    }
    if (e instanceof JsonProcessingException) {
      return new WireException(
          "malformed JSON: "
              + ParserMessages.syntax(((JsonProcessingException) e).getOriginalMessage()),
          e);
    }
    return new UncheckedIOException(e);
  }

  private static String where(JsonProcessingException e) {
    StringBuilder sb = new StringBuilder();
    if (e.getProcessor() instanceof JsonParser) {
      String path = WirePaths.of((JsonParser) e.getProcessor());
      if (!path.equals("$")) {
        sb.append(" at ").append(path);
      }
    }
    if (e.getLocation() != null && e.getLocation().getLineNr() > 0) {
      sb.append(" (line ")
          .append(e.getLocation().getLineNr())
          .append(", column ")
          .append(e.getLocation().getColumnNr())
          .append(')');
    }
    return sb.toString();
  }

  private static void writeRecordsField(JsonGenerator g, List<Record> records) throws IOException {
    g.writeArrayFieldStart(RECORDS);
    for (Record r : records) {
      writeRecord(g, r);
    }
    g.writeEndArray();
  }

  private static void writeRecord(JsonGenerator g, Record r) throws IOException {
    g.writeStartObject();
    g.writeStringField(R_SYNC_ID, r.syncId());
    g.writeStringField(R_COLLECTION_ID, r.collectionId());
    g.writeStringField(R_UPSTREAM_ID, r.upstreamId());
    g.writeStringField(R_UPDATED_AT, formatTimestamp(r.upstreamUpdatedAt()));
    if (r.upstreamCreatedAt().isPresent()) {
      g.writeStringField(R_CREATED_AT, formatTimestamp(r.upstreamCreatedAt().get()));
    }
    if (r.updatedIdx().isPresent()) {
      g.writeNumberField(R_UPDATED_IDX, r.updatedIdx().getAsLong());
    }
    g.writeFieldName(R_DATA);
    JsonModel.write(g, r.data());
    g.writeBooleanField(R_DELETED, r.deleted());
    for (Map.Entry<String, Object> e : r.extensions().entrySet()) {
      g.writeFieldName(e.getKey());
      JsonModel.write(g, e.getValue());
    }
    g.writeEndObject();
  }

  private static List<Record> records(Object value, String path, boolean required) {
    if (value == null && !required) {
      return List.of();
    }
    if (!(value instanceof List)) {
      throw new WireException(path + ": must be an array, found " + RequestReader.describe(value));
    }
    List<?> items = (List<?>) value;
    List<Record> records = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      records.add(record(items.get(i), WirePaths.index(path, i)));
    }
    return records;
  }

  private static Record record(Object value, String path) {
    if (!(value instanceof Map)) {
      throw new WireException(path + ": must be an object, found " + RequestReader.describe(value));
    }
    RecordFields fields = new RecordFields(false);
    for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
      String name = (String) e.getKey();
      fields.put(RecordFields.index(name), name, e.getValue());
    }
    return fields.toRecord(path, -1);
  }

  /**
   * The fields of one record read from the wire, as values of the model, before they are checked:
   * from the parser for a result, from the value model for an error's records. Reused from record
   * to record.
   */
  private static final class RecordFields {
    private Object syncId;
    private Object collectionId;
    private Object upstreamId;
    private Object updatedAt;
    private Object createdAt;
    private Object updatedIdx;
    private Object data;
    private Object deleted;
    private Map<String, Object> extensions;

    /** Whether {@link #read} must tell duplicate names itself; the parser does not. */
    private final boolean checkDuplicates;

    /** The known fields read so far, one bit for each {@link #index}. */
    private int seen;

    RecordFields(boolean checkDuplicates) {
      this.checkDuplicates = checkDuplicates;
    }

    /** Reads the members of a record object whose START_OBJECT has been consumed. */
    void read(JsonParser p) throws IOException {
      clear();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = JsonModel.readName(p);
        int index = index(name);
        if (checkDuplicates && isRepeated(index, name)) {
          throw JsonModel.DuplicateName.INSTANCE;
        }
        put(index, name, JsonModel.read(p, p.nextToken()));
      }
    }

    /** Whether {@code name}, of {@link #index} {@code index}, was read before; notes it if not. */
    private boolean isRepeated(int index, String name) {
      if (index == EXTENSION) {
        return extensions != null && extensions.containsKey(name);
      }
      int bit = 1 << index;
      boolean repeated = (seen & bit) != 0;
      seen |= bit;
      return repeated;
    }

    private static final int EXTENSION = -1;

    /** The case of {@link #put} that {@code name} takes, 0 to 7, or {@link #EXTENSION}. */
    static int index(String name) {
      switch (name) {
        case R_SYNC_ID:
          return 0;
        case R_COLLECTION_ID:
          return 1;
        case R_UPSTREAM_ID:
          return 2;
        case R_UPDATED_AT:
          return 3;
        case R_CREATED_AT:
          return 4;
        case R_UPDATED_IDX:
          return 5;
        case R_DATA:
          return 6;
        case R_DELETED:
          return 7;
        default:
          return EXTENSION;
      }
    }

    void put(int index, String name, Object value) {
      switch (index) {
        case 0:
          syncId = value;
          break;
        case 1:
          collectionId = value;
          break;
        case 2:
          upstreamId = value;
          break;
        case 3:
          updatedAt = value;
          break;
        case 4:
          createdAt = value;
          break;
        case 5:
          updatedIdx = value;
          break;
        case 6:
          data = value;
          break;
        case 7:
          deleted = value;
          break;
        default:
          if (extensions == null) {
            extensions = new LinkedHashMap<>();
          }
          extensions.put(name, value);
      }
    }

    private void clear() {
      syncId = null;
      collectionId = null;
      upstreamId = null;
      updatedAt = null;
      createdAt = null;
      updatedIdx = null;
      data = null;
      deleted = null;
      extensions = null;
      seen = 0;
    }

    /**
     * Checks the fields and returns the record at {@code path}, or at {@code path[index]} when
     * {@code index} is not negative; the path is joined only for a message.
     */
    Record toRecord(String path, int index) {
      if (data != null && !(data instanceof Map)) {
        throw new WireException(at(path, index, R_DATA) + ": must be an object");
      }
      if (deleted != null && !(deleted instanceof Boolean)) {
        throw new WireException(at(path, index, R_DELETED) + ": must be a boolean");
      }
      if (updatedIdx != null
          && !(updatedIdx instanceof JsonNumber && ((JsonNumber) updatedIdx).isIntegral())) {
        throw new WireException(at(path, index, R_UPDATED_IDX) + ": must be an integer");
      }
      if (updatedIdx != null && !fitsInLong((JsonNumber) updatedIdx)) {
        // Wrapped into a long, a version would jump backwards and consumers would drop updates.
        throw new WireException(
            at(path, index, R_UPDATED_IDX) + ": out of range for a 64-bit integer");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> dataMap =
          data == null ? Collections.emptyMap() : (Map<String, Object>) data;
      return new Record(
          string(syncId, path, index, R_SYNC_ID),
          string(collectionId, path, index, R_COLLECTION_ID),
          string(upstreamId, path, index, R_UPSTREAM_ID),
          timestamp(string(updatedAt, path, index, R_UPDATED_AT), path, index, R_UPDATED_AT),
          createdAt == null
              ? Optional.empty()
              : Optional.of(
                  timestamp(
                      string(createdAt, path, index, R_CREATED_AT), path, index, R_CREATED_AT)),
          updatedIdx == null
              ? OptionalLong.empty()
              : OptionalLong.of(((JsonNumber) updatedIdx).longValue()),
          dataMap,
          Boolean.TRUE.equals(deleted),
          extensions == null ? Collections.emptyMap() : extensions);
    }

    private static String at(String path, int index, String field) {
      return (index < 0 ? path : WirePaths.index(path, index)) + "." + field;
    }

    private static String string(Object value, String path, int index, String field) {
      if (!(value instanceof String)) {
        throw new WireException(
            at(path, index, field) + ": must be a string, found " + RequestReader.describe(value));
      }
      return (String) value;
    }

    private static Instant timestamp(String text, String path, int index, String field) {
      try {
        return parseTimestamp(text);
      } catch (DateTimeParseException e) {
        throw new WireException(
            at(path, index, field) + ": not an ISO-8601 timestamp: " + Echo.truncate(text));
      }
    }

    /** Whether an integer's text is within {@code long}: up to 18 digits always is. */
    private static boolean fitsInLong(JsonNumber n) {
      String text = n.text();
      int digits = text.startsWith("-") ? text.length() - 1 : text.length();
      return digits <= 18 || new BigInteger(text).bitLength() <= Long.SIZE - 1;
    }
  }

  /**
   * Returns the request index {@code n} names, or -1 if it names none: a fraction, a negative or an
   * index beyond {@code int} would otherwise be rounded or wrapped onto some other record.
   */
  private static int requestIndex(JsonNumber n) {
    String text = n.text();
    if (!n.isIntegral() || text.startsWith("-") || text.length() > 10) {
      return -1;
    }
    long value = Long.parseLong(text);
    return value <= Integer.MAX_VALUE ? (int) value : -1;
  }

  private static List<String> strings(Object value) {
    if (!(value instanceof List)) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (Object item : (List<?>) value) {
      if (item instanceof String) {
        out.add((String) item);
      }
    }
    return out;
  }

  private static MutationError genericError(int status, String detail) {
    return new MutationError(
        status,
        Optional.empty(),
        MutationError.MESSAGE_PREFIX + detail,
        List.of(),
        List.of(),
        List.of(),
        List.of());
  }

  private interface Writer {
    void write(JsonGenerator g) throws IOException;
  }

  private byte[] write(Writer writer) {
    ExactBytes out = new ExactBytes();
    try (JsonGenerator g = factory.createGenerator(out)) {
      writer.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // writing to memory fails only on a bug
    }
    return out.toByteArray();
  }

  /**
   * Collects what a generator writes. Jackson's generator buffers its output and writes it in one
   * piece when it is closed, if it fits its buffer (8000 bytes), so the body of a small request is
   * copied once, into an array of its exact size, where a {@code ByteArrayOutputStream} would
   * allocate a buffer and then copy that.
   */
  private static final class ExactBytes extends OutputStream {
    private byte[] bytes = new byte[0];
    private int size;

    @Override
    public void write(int b) {
      ensureCapacity(size + 1);
      bytes[size++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      Objects.checkFromIndexSize(off, len, b.length);
      if (size == 0 && bytes.length == 0) {
        bytes = Arrays.copyOfRange(b, off, off + len);
        size = len;
        return;
      }
      ensureCapacity(size + len);
      System.arraycopy(b, off, bytes, size, len);
      size += len;
    }

    private void ensureCapacity(int needed) {
      if (needed < 0) {
        throw new OutOfMemoryError("body over 2 GB");
      }
      if (needed > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(needed, Math.max(256, 2 * bytes.length)));
      }
    }

    byte[] toByteArray() {
      return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
    }
  }
}
