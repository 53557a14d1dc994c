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
import java.io.CharConversionException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * What every body of the codec shares: the bounded Jackson factory, writing a body into an array of
 * its exact size, the root object's start and end, and turning Jackson's exceptions into {@link
 * WireException}s that name the JSON path.
 */
final class JsonBodies {
  private JsonBodies() {}

  /** Writes one body to a generator. */
  interface Writer {
    void write(JsonGenerator g) throws IOException;
  }

  /**
   * Returns a factory with the codec's stream constraints; {@code detectDuplicates} has Jackson
   * reject repeated names itself.
   */
  static JsonFactory factory(boolean detectDuplicates) {
    return JsonFactory.builder()
        .streamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(WireCodec.MAX_NESTING_DEPTH)
                .maxStringLength(WireCodec.MAX_STRING_LENGTH)
                .maxNumberLength(WireCodec.MAX_NUMBER_LENGTH)
                .maxNameLength(WireCodec.MAX_NAME_LENGTH)
                .maxDocumentLength(WireCodec.MAX_DOCUMENT_LENGTH)
                .build())
        .configure(StreamReadFeature.STRICT_DUPLICATE_DETECTION, detectDuplicates)
        .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
        .build();
  }

  /** Returns what {@code writer} writes with a generator of {@code factory}. */
  static byte[] write(JsonFactory factory, Writer writer) {
    ExactBytes out = new ExactBytes();
    try (JsonGenerator g = factory.createGenerator(out)) {
      writer.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // writing to memory fails only on a bug
    }
    return out.toByteArray();
  }

  static Map<String, Object> readRootObject(JsonParser p, String what) throws IOException {
    startRootObject(p, what);
    Map<String, Object> root = JsonModel.readObjectBody(p);
    endRootObject(p);
    return root;
  }

  /** Reads the start of the body, which must be an object. */
  static void startRootObject(JsonParser p, String what) throws IOException {
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
  static void endRootObject(JsonParser p) throws IOException {
    if (p.nextToken() != null) {
      throw new WireException("$: unexpected data after the JSON object");
    }
  }

  /** Returns the value at {@code t} for a message: an empty stand-in for a container. */
  static Object value(JsonParser p, JsonToken t) throws IOException {
    return t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY
        ? (t == JsonToken.START_ARRAY ? List.of() : Map.of())
        : JsonModel.read(p, t);
  }

  /**
   * Returns the exception to throw for {@code e}: a {@link WireException} naming the place and the
   * problem for a body Jackson refused, or an {@link UncheckedIOException} when reading failed.
   */
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
}
