package io.mutationapi.internal;

import static io.mutationapi.WireFields.CODE;
import static io.mutationapi.WireFields.CONSISTENCY_TOKEN;
import static io.mutationapi.WireFields.DOCS;
import static io.mutationapi.WireFields.ERROR;
import static io.mutationapi.WireFields.FAILURES;
import static io.mutationapi.WireFields.INDEX;
import static io.mutationapi.WireFields.PENDING_CONSUMER_IDS;
import static io.mutationapi.WireFields.RECORDS;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import io.mutationapi.ErrorCode;
import io.mutationapi.JsonNumber;
import io.mutationapi.MutationError;
import io.mutationapi.Record;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Writes error bodies, and reads them leniently: a body that is not one still gives an error. */
final class ErrorBodies {
  private ErrorBodies() {}

  /**
   * Writes an error body: {@code error}, {@code docs}, {@code code} when known, and the extension
   * fields when not empty.
   */
  static void write(JsonGenerator g, MutationError error) throws IOException {
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
      RecordWriter.writeRecordsField(g, error.records());
    }
    if (error.consistencyToken().isPresent()) {
      g.writeStringField(CONSISTENCY_TOKEN, error.consistencyToken().get().value());
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
  }

  /**
   * Reads an error body leniently; never throws. A body that is not a JSON error object (a proxy's
   * HTML page, say) becomes an error with no code whose message names the status. A status outside
   * 100-599 (some proxies send 999) is not an HTTP status: it becomes a {@code 502} with no code
   * whose message names the status received.
   */
  static MutationError read(JsonFactory factory, int status, byte[] body) {
    if (status < 100 || status > 599) {
      return genericError(502, "HTTP status " + status + " is not an HTTP status");
    }
    Map<String, Object> root;
    try (JsonParser p = factory.createParser(body)) {
      root = JsonBodies.readRootObject(p, "error body");
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
        records = ResultReader.records(root.get(RECORDS), RECORDS, false);
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
        failures,
        ResultReader.token(root.get(CONSISTENCY_TOKEN)));
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

  static MutationError genericError(int status, String detail) {
    return new MutationError(
        status,
        Optional.empty(),
        MutationError.MESSAGE_PREFIX + detail,
        List.of(),
        List.of(),
        List.of(),
        List.of());
  }
}
