package io.mutationapi.testing.salesforce;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code query} and {@code queryAll} resources for the one SOQL shape a change poll sends:
 *
 * <pre>
 * SELECT f1, f2 FROM T WHERE SystemModstamp &gt;= 2026-01-01T00:00:00Z
 *   [AND (SystemModstamp &gt; 2026-01-01T00:00:00Z OR Id &gt; 'id')] [AND IsDeleted = false]
 *   ORDER BY SystemModstamp, Id LIMIT n
 * </pre>
 *
 * Anything else answers 400 {@code MALFORMED_QUERY}; an unknown field 400 {@code INVALID_FIELD}; an
 * unknown sObject 400 {@code INVALID_TYPE}. {@code query} leaves deleted records out, {@code
 * queryAll} includes them with {@code IsDeleted = true}. Every matching record comes in one answer
 * ({@code done: true}, no {@code nextRecordsUrl}): the adapter's {@code LIMIT} is the page. Callers
 * hold the store's monitor.
 */
final class QueryApi {
  private static final String DATETIME =
      "(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,3})?(?:Z|[+-]\\d{2}:\\d{2}))";
  private static final Pattern SHAPE =
      Pattern.compile(
          "^SELECT\\s+(.+?)\\s+FROM\\s+(\\w+)\\s+WHERE\\s+SystemModstamp\\s*>=\\s*"
              + DATETIME
              + "(?:\\s+AND\\s+\\(\\s*SystemModstamp\\s*>\\s*"
              + DATETIME
              + "\\s+OR\\s+Id\\s*>\\s*'([0-9A-Za-z]{15,18})'\\s*\\))?"
              + "(?:\\s+AND\\s+IsDeleted\\s*=\\s*(true|false))?"
              + "\\s+ORDER\\s+BY\\s+SystemModstamp(?:\\s+ASC)?\\s*,\\s*Id(?:\\s+ASC)?"
              + "\\s+LIMIT\\s+(\\d{1,9})\\s*$",
          Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  private static final Pattern FIELD = Pattern.compile("^[A-Za-z][A-Za-z0-9_]*$");

  private final ObjectMapper mapper;
  private final RecordStore store;
  private final CollectionsApi collections;

  QueryApi(ObjectMapper mapper, RecordStore store, CollectionsApi collections) {
    this.mapper = mapper;
    this.store = store;
    this.collections = collections;
  }

  /** Answers {@code GET query?q=} ({@code all} false) or {@code GET queryAll?q=} (true). */
  Answer query(String soql, boolean all, String version) {
    if (soql == null || soql.isBlank()) {
      throw malformed("q is required");
    }
    Matcher m = SHAPE.matcher(soql.trim());
    if (!m.matches()) {
      throw malformed("unexpected token in: " + soql.trim());
    }
    SObjectSchema schema =
        store
            .schema(m.group(2))
            .orElseThrow(
                () ->
                    new SfRequestException(
                        400,
                        SfError.of(
                            "INVALID_TYPE",
                            "sObject type '" + m.group(2) + "' is not supported.")));
    List<FieldDef> fields = new ArrayList<>();
    for (String name : m.group(1).split(",")) {
      String trimmed = name.trim();
      if (!FIELD.matcher(trimmed).matches()) {
        throw malformed("unexpected token: '" + trimmed + "'");
      }
      FieldDef field = schema.requireField(trimmed);
      if (!field.name().equals("Id")) {
        fields.add(field);
      }
    }
    // Stored stamps are all in Salesforce's UTC output format, so they compare as text.
    String from = FieldValues.OUTPUT.format(instant(m.group(3)));
    String after = m.group(4) == null ? null : FieldValues.OUTPUT.format(instant(m.group(4)));
    String afterId = m.group(5) == null ? null : SalesforceIds.to18(m.group(5));
    Boolean deleted = m.group(6) == null ? null : Boolean.parseBoolean(m.group(6));
    long limit = Long.parseLong(m.group(7));
    record Match(String stamp, String id, ObjectNode record) {}
    List<Match> matches = new ArrayList<>();
    for (ObjectNode record : store.all(schema)) {
      boolean isDeleted = record.path("IsDeleted").asBoolean();
      if ((isDeleted && !all) || (deleted != null && deleted != isDeleted)) {
        continue;
      }
      String stamp = record.path("SystemModstamp").asText();
      String id = record.path("Id").asText();
      if (stamp.compareTo(from) < 0
          || (after != null && stamp.compareTo(after) <= 0 && id.compareTo(afterId) <= 0)) {
        continue;
      }
      matches.add(new Match(stamp, id, record));
    }
    matches.sort(Comparator.comparing(Match::stamp).thenComparing(Match::id));
    ObjectNode out = mapper.createObjectNode();
    ArrayNode records = mapper.createArrayNode();
    matches.stream()
        .limit(limit)
        .forEach(match -> records.add(collections.render(match.record(), fields, version)));
    out.put("totalSize", records.size());
    out.put("done", true);
    out.set("records", records);
    return Answer.json(200, out.toString());
  }

  private static Instant instant(String literal) {
    try {
      return OffsetDateTime.parse(literal).toInstant();
    } catch (DateTimeParseException e) {
      throw malformed("invalid datetime: " + literal);
    }
  }

  private static SfRequestException malformed(String message) {
    return new SfRequestException(400, SfError.of("MALFORMED_QUERY", message));
  }
}
