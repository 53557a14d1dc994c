package io.mutationapi.testing.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the fields of a record body against a schema: unknown fields and values of the wrong type
 * fail the whole request, as Salesforce's JSON reader does, and values are converted to what the
 * fake stores (datetimes in Salesforce's output format, empty text as null).
 */
final class FieldValues {
  /** Salesforce's datetime output: always UTC, milliseconds, and an offset without a colon. */
  static final DateTimeFormatter OUTPUT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx").withZone(ZoneOffset.UTC);

  private static final DateTimeFormatter COLONLESS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx");

  private FieldValues() {}

  /** Renders an instant as Salesforce does, truncated to the second. */
  static String format(Instant instant) {
    return OUTPUT.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }

  /**
   * Returns the fields of {@code body} by their schema definitions, leaving out {@code attributes}
   * and the keys {@code skip} names (compared ignoring case).
   *
   * @throws SfRequestException 400 {@code INVALID_FIELD} for an unknown field, 400 {@code
   *     JSON_PARSER_ERROR} for a value of the wrong type
   */
  static Map<FieldDef, JsonNode> read(SObjectSchema schema, ObjectNode body, String... skip) {
    Map<FieldDef, JsonNode> values = new LinkedHashMap<>();
    outer:
    for (Map.Entry<String, JsonNode> entry : body.properties()) {
      String key = entry.getKey();
      if (key.equals("attributes")) {
        continue;
      }
      for (String s : skip) {
        if (s.equalsIgnoreCase(key)) {
          continue outer;
        }
      }
      FieldDef field = schema.requireField(key);
      values.put(field, convert(field, entry.getValue()));
    }
    return values;
  }

  private static JsonNode convert(FieldDef field, JsonNode value) {
    if (value == null || value.isNull()) {
      // A checkbox is never empty: clearing one unchecks it.
      return field.type().equals("boolean") ? BooleanNode.FALSE : NullNode.instance;
    }
    JsonNodeFactory f = JsonNodeFactory.instance;
    switch (field.type()) {
      case "boolean":
        if (value.isBoolean()) {
          return value;
        }
        throw wrongType("boolean", value);
      case "int":
        if (value.isIntegralNumber()) {
          return value;
        }
        if (value.isTextual()) {
          try {
            return f.numberNode(Integer.parseInt(value.asText()));
          } catch (NumberFormatException e) {
            throw wrongType("int", value);
          }
        }
        throw wrongType("int", value);
      case "double":
      case "currency":
        if (value.isNumber()) {
          return f.numberNode(value.doubleValue());
        }
        if (value.isTextual()) {
          try {
            return f.numberNode(Double.parseDouble(value.asText()));
          } catch (NumberFormatException e) {
            throw wrongType("double", value);
          }
        }
        throw wrongType("double", value);
      case "date":
        try {
          return f.textNode(LocalDate.parse(value.asText()).toString());
        } catch (DateTimeParseException e) {
          throw wrongType("date", value);
        }
      case "datetime":
        return f.textNode(format(parseDateTime(value)));
      default:
        if (value.isContainerNode()) {
          throw wrongType(field.type().equals("string") ? "String" : field.type(), value);
        }
        String text = value.asText();
        return text.isEmpty() ? NullNode.instance : f.textNode(text);
    }
  }

  private static Instant parseDateTime(JsonNode value) {
    if (!value.isTextual()) {
      throw wrongType("datetime", value);
    }
    try {
      return OffsetDateTime.parse(value.asText()).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return OffsetDateTime.parse(value.asText(), COLONLESS).toInstant();
      } catch (DateTimeParseException e2) {
        throw wrongType("datetime", value);
      }
    }
  }

  private static SfRequestException wrongType(String type, JsonNode value) {
    String token = value.isTextual() ? "VALUE_STRING" : value.isNumber() ? "VALUE_NUMBER" : "START";
    return new SfRequestException(
        400,
        SfError.of(
            "JSON_PARSER_ERROR",
            "Cannot deserialize instance of "
                + type
                + " from "
                + token
                + " value "
                + value.asText()
                + " or request may be missing a required field"));
  }
}
