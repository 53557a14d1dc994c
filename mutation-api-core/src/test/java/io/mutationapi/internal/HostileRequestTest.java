package io.mutationapi.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mutationapi.ErrorCode;
import io.mutationapi.JsonNumber;
import io.mutationapi.MutationRequest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a hostile or careless client may send: every malformed body is a {@code validation_error}
 * whose message names the JSON path and the reason, and never echoes much of the input.
 *
 * <p>Public, with its tables, so that the fault-tests suite can replay them over HTTP from its own
 * package.
 */
public class HostileRequestTest {
  /** The longest message any rejection may have, however large the input. */
  private static final int MAX_MESSAGE_LENGTH = 600;

  private static final String IDS = "'sync_id':'s','collection_id':'c'";
  private static final String ONE_RECORD = "'records':[{'data':{}}]";
  private static final String ONE_UPDATE = "'records':[{'upstream_id':'u1','data':{}}]";

  private final WireCodec codec = WireCodec.standard();

  /** A body in JSON with single quotes for readability; there is no other use of ' below. */
  private static String q(String json) {
    return json.replace('\'', '"');
  }

  private static String create(String rest) {
    return q("{'kind':'create'," + IDS + "," + rest + "}");
  }

  private static String update(String rest) {
    return q("{'kind':'update'," + IDS + "," + rest + "}");
  }

  private static String delete(String rest) {
    return q("{'kind':'delete'," + IDS + "," + rest + "}");
  }

  private static String data(String dataJson) {
    return create("'records':[{'data':" + dataJson + "}]");
  }

  /** The message must start with {@code expected}: a path, a colon and the reason. */
  private static Arguments starts(String name, Object body, String expected) {
    return Arguments.of(name, bytes(body), expected, true);
  }

  /** The message must contain {@code expected}. */
  private static Arguments contains(String name, Object body, String expected) {
    return Arguments.of(name, bytes(body), expected, false);
  }

  private static byte[] bytes(Object body) {
    return body instanceof byte[]
        ? (byte[]) body
        : ((String) body).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String ids(int n) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < n; i++) {
      sb.append(i == 0 ? "" : ",").append("'id").append(i).append("'");
    }
    return q(sb.append("]").toString());
  }

  private static String creates(int n) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < n; i++) {
      sb.append(i == 0 ? "" : ",").append("{'data':{}}");
    }
    return q(sb.append("]").toString());
  }

  /** The malformed bodies: a name, the body (text or bytes), and the expected message part. */
  public static Stream<Arguments> hostileBodies() {
    List<Arguments> cases = new ArrayList<>();

    // kind
    cases.add(starts("kind missing", q("{" + IDS + "," + ONE_RECORD + "}"), "kind: required"));
    cases.add(
        starts("kind null", q("{'kind':null," + IDS + "}"), "kind: must be a string, found null"));
    cases.add(
        starts("kind number", q("{'kind':1," + IDS + "}"), "kind: must be a string, found 1"));
    cases.add(
        starts(
            "kind boolean", q("{'kind':true," + IDS + "}"), "kind: must be a string, found true"));
    cases.add(
        starts(
            "kind array",
            q("{'kind':['create']," + IDS + "}"),
            "kind: must be a string, found an array"));
    cases.add(
        starts(
            "kind object",
            q("{'kind':{}," + IDS + "}"),
            "kind: must be a string, found an object"));
    cases.add(starts("kind empty", q("{'kind':''," + IDS + "}"), "kind: unknown kind ''"));
    cases.add(
        starts(
            "kind capitalised", q("{'kind':'Create'," + IDS + "}"), "kind: unknown kind 'Create'"));
    cases.add(
        starts(
            "kind upper case", q("{'kind':'DELETE'," + IDS + "}"), "kind: unknown kind 'DELETE'"));
    cases.add(
        starts(
            "kind upsert",
            q("{'kind':'upsert'," + IDS + "}"),
            "kind: unknown kind 'upsert' (expected"));
    cases.add(
        starts("kind padded", q("{'kind':' create'," + IDS + "}"), "kind: unknown kind ' create'"));

    // sync_id and collection_id
    cases.add(
        starts(
            "sync_id missing",
            q("{'kind':'create','collection_id':'c'," + ONE_RECORD + "}"),
            "sync_id: required"));
    cases.add(
        starts(
            "sync_id null",
            q("{'kind':'create','sync_id':null,'collection_id':'c'," + ONE_RECORD + "}"),
            "sync_id: must be a string, found null"));
    cases.add(
        starts(
            "sync_id number",
            q("{'kind':'create','sync_id':42,'collection_id':'c'," + ONE_RECORD + "}"),
            "sync_id: must be a string, found 42"));
    cases.add(
        starts(
            "sync_id empty",
            q("{'kind':'create','sync_id':'','collection_id':'c'," + ONE_RECORD + "}"),
            "sync_id: must not be empty"));
    cases.add(
        starts(
            "sync_id array",
            q("{'kind':'create','sync_id':['s'],'collection_id':'c'," + ONE_RECORD + "}"),
            "sync_id: must be a string, found an array"));
    cases.add(
        starts(
            "sync_id object",
            q("{'kind':'create','sync_id':{},'collection_id':'c'," + ONE_RECORD + "}"),
            "sync_id: must be a string, found an object"));
    cases.add(
        starts(
            "collection_id missing",
            q("{'kind':'create','sync_id':'s'," + ONE_RECORD + "}"),
            "collection_id: required"));
    cases.add(
        starts(
            "collection_id null",
            q("{'kind':'create','sync_id':'s','collection_id':null," + ONE_RECORD + "}"),
            "collection_id: must be a string, found null"));
    cases.add(
        starts(
            "collection_id boolean",
            q("{'kind':'create','sync_id':'s','collection_id':false," + ONE_RECORD + "}"),
            "collection_id: must be a string, found false"));
    cases.add(
        starts(
            "collection_id empty",
            q("{'kind':'delete','sync_id':'s','collection_id':'','upstream_ids':['a']}"),
            "collection_id: must not be empty"));
    cases.add(
        starts(
            "collection_id array",
            q("{'kind':'update','sync_id':'s','collection_id':['c']," + ONE_UPDATE + "}"),
            "collection_id: must be a string, found an array"));

    // records
    cases.add(
        starts(
            "create without records",
            create("'await_consumer_ids':[]"),
            "records: required for create"));
    cases.add(
        starts(
            "update without records",
            update("'await_consumer_ids':[]"),
            "records: required for update"));
    cases.add(
        starts("records null", create("'records':null"), "records: must be an array, found null"));
    cases.add(
        starts(
            "records object",
            create("'records':{'data':{}}"),
            "records: must be an array, found an object"));
    cases.add(
        starts(
            "records string",
            create("'records':'[]'"),
            "records: must be an array, found a string"));
    cases.add(
        starts("records number", update("'records':3"), "records: must be an array, found 3"));
    cases.add(starts("records empty", create("'records':[]"), "records: must not be empty"));
    cases.add(starts("update records empty", update("'records':[]"), "records: must not be empty"));
    cases.add(
        starts(
            "records[0] number",
            create("'records':[1]"),
            "records[0]: must be an object with 'data', found 1"));
    cases.add(
        starts(
            "records[0] null",
            create("'records':[null]"),
            "records[0]: must be an object with 'data', found null"));
    cases.add(
        starts(
            "records[0] string",
            create("'records':['x']"),
            "records[0]: must be an object with 'data', found a string"));
    cases.add(
        starts(
            "records[0] array",
            create("'records':[[]]"),
            "records[0]: must be an object with 'data', found an array"));
    cases.add(
        starts(
            "records[1] bad after a good one",
            create("'records':[{'data':{}},false]"),
            "records[1]: must be an object with 'data', found false"));
    cases.add(
        starts("records[i].data missing", create("'records':[{}]"), "records[0].data: required"));
    cases.add(
        starts(
            "records[i].data null",
            create("'records':[{'data':null}]"),
            "records[0].data: must be an object, found null"));
    cases.add(
        starts(
            "records[i].data array",
            create("'records':[{'data':[]}]"),
            "records[0].data: must be an object, found an array"));
    cases.add(
        starts(
            "records[i].data string",
            create("'records':[{'data':'{}'}]"),
            "records[0].data: must be an object, found a string"));
    cases.add(
        starts(
            "records[i].data number",
            update("'records':[{'upstream_id':'u','data':7}]"),
            "records[0].data: must be an object, found 7"));
    cases.add(
        starts(
            "records[2].data missing in update",
            update(
                "'records':[{'upstream_id':'a','data':{}},{'upstream_id':'b','data':{}},{'upstream_id':'c'}]"),
            "records[2].data: required"));
    cases.add(
        starts(
            "unknown record field camelCase",
            update("'records':[{'upstreamId':'u','data':{}}]"),
            "records[0]: unknown field 'upstreamId' (did you mean 'upstream_id'?)"));
    cases.add(
        starts(
            "unknown record field Data",
            create("'records':[{'Data':{}}]"),
            "records[0]: unknown field 'Data' (did you mean 'data'?)"));
    cases.add(
        starts(
            "unknown record field far from any",
            create("'records':[{'data':{},'fields':{}}]"),
            "records[0]: unknown field 'fields'"));
    cases.add(
        starts(
            "unknown record field in second record",
            create("'records':[{'data':{}},{'data':{},'id':'x'}]"),
            "records[1]: unknown field 'id'"));

    // create and update shapes
    cases.add(
        starts(
            "create with upstream_id",
            create("'records':[{'upstream_id':'u','data':{}}]"),
            "records[0].upstream_id: must be absent for create"));
    cases.add(
        starts(
            "create with upstream_id null",
            create("'records':[{'data':{}},{'upstream_id':null,'data':{}}]"),
            "records[1].upstream_id: must be absent for create"));
    cases.add(
        starts(
            "update without upstream_id",
            update("'records':[{'data':{}}]"),
            "records[0].upstream_id: required for update"));
    cases.add(
        starts(
            "update without upstream_id at index 3",
            update(
                "'records':[{'upstream_id':'a','data':{}},{'upstream_id':'b','data':{}},{'upstream_id':'c','data':{}},{'data':{}}]"),
            "records[3].upstream_id: required for update"));
    cases.add(
        starts(
            "update upstream_id null",
            update("'records':[{'upstream_id':null,'data':{}}]"),
            "records[0].upstream_id: must be a string, found null"));
    cases.add(
        starts(
            "update upstream_id number",
            update("'records':[{'upstream_id':5,'data':{}}]"),
            "records[0].upstream_id: must be a string, found 5"));
    cases.add(
        starts(
            "update upstream_id empty",
            update("'records':[{'upstream_id':'','data':{}}]"),
            "records[0].upstream_id: must not be empty"));
    cases.add(
        starts(
            "update upstream_id object",
            update("'records':[{'upstream_id':{},'data':{}}]"),
            "records[0].upstream_id: must be a string, found an object"));
    cases.add(
        starts(
            "update duplicate upstream id",
            update(
                "'records':[{'upstream_id':'x','data':{}},{'upstream_id':'y','data':{}},{'upstream_id':'x','data':{'a':1}}]"),
            "records[2].upstream_id: duplicate upstream id 'x' (also at records[0])"));
    cases.add(
        starts(
            "upstream_ids in create",
            create(ONE_RECORD + ",'upstream_ids':['a']"),
            "upstream_ids: not allowed for create"));
    cases.add(
        starts(
            "upstream_ids in update",
            update(ONE_UPDATE + ",'upstream_ids':['u1']"),
            "upstream_ids: not allowed for update"));
    cases.add(
        starts(
            "records and data both",
            create(ONE_RECORD + ",'data':[{'data':{}}]"),
            "data: 'records' and its alias 'data' must not both be present"));
    cases.add(
        starts(
            "data alias an object: one record sent bare",
            create("'data':{'FirstName':'Paul'}"),
            "$: the body looks like one record, not a request; wrap it"));
    cases.add(starts("data alias empty", create("'data':[]"), "data: must not be empty"));
    cases.add(
        starts(
            "data alias path in record errors",
            create("'data':[{'upstream_id':'u','data':{}}]"),
            "data[0].upstream_id: must be absent for create"));

    // delete
    cases.add(
        starts(
            "delete without upstream_ids",
            delete("'await_consumer_ids':[]"),
            "upstream_ids: required for delete"));
    cases.add(
        starts(
            "records in delete",
            delete("'upstream_ids':['a']," + ONE_RECORD),
            "records: not allowed for delete"));
    cases.add(
        starts(
            "data in delete",
            delete("'upstream_ids':['a'],'data':[]"),
            "data: not allowed for delete"));
    cases.add(
        starts(
            "upstream_ids null",
            delete("'upstream_ids':null"),
            "upstream_ids: must be an array, found null"));
    cases.add(
        starts(
            "upstream_ids string",
            delete("'upstream_ids':'a'"),
            "upstream_ids: must be an array, found a string"));
    cases.add(
        starts(
            "upstream_ids object",
            delete("'upstream_ids':{'a':1}"),
            "upstream_ids: must be an array, found an object"));
    cases.add(
        starts(
            "upstream_ids empty", delete("'upstream_ids':[]"), "upstream_ids: must not be empty"));
    cases.add(
        starts(
            "upstream_ids[0] number",
            delete("'upstream_ids':[1]"),
            "upstream_ids[0]: must be a string, found 1"));
    cases.add(
        starts(
            "upstream_ids[0] null",
            delete("'upstream_ids':[null]"),
            "upstream_ids[0]: must be a string, found null"));
    cases.add(
        starts(
            "upstream_ids[1] empty",
            delete("'upstream_ids':['a','']"),
            "upstream_ids[1]: must not be empty"));
    cases.add(
        starts(
            "upstream_ids[0] array",
            delete("'upstream_ids':[['a']]"),
            "upstream_ids[0]: must be a string, found an array"));
    cases.add(
        starts(
            "delete duplicate upstream id",
            delete("'upstream_ids':['a','b','a']"),
            "upstream_ids[2]: duplicate upstream id 'a' (also at upstream_ids[0])"));

    // await_consumer_ids
    cases.add(
        starts(
            "await ids string",
            create(ONE_RECORD + ",'await_consumer_ids':'c1'"),
            "await_consumer_ids: must be an array of consumer ids, found a string"));
    cases.add(
        starts(
            "await ids object",
            delete("'upstream_ids':['a'],'await_consumer_ids':{}"),
            "await_consumer_ids: must be an array of consumer ids, found an object"));
    cases.add(
        starts(
            "await ids number",
            update(ONE_UPDATE + ",'await_consumer_ids':1"),
            "await_consumer_ids: must be an array of consumer ids, found 1"));
    cases.add(
        starts(
            "await ids[0] number",
            create(ONE_RECORD + ",'await_consumer_ids':[1]"),
            "await_consumer_ids[0]: must be a string, found 1"));
    cases.add(
        starts(
            "await ids[0] empty",
            create(ONE_RECORD + ",'await_consumer_ids':['']"),
            "await_consumer_ids[0]: must not be empty"));
    cases.add(
        starts(
            "await ids[1] null",
            create(ONE_RECORD + ",'await_consumer_ids':['a',null]"),
            "await_consumer_ids[1]: must be a string, found null"));
    cases.add(
        starts(
            "await ids[0] array",
            create(ONE_RECORD + ",'await_consumer_ids':[['a']]"),
            "await_consumer_ids[0]: must be a string, found an array"));
    cases.add(
        starts(
            "await ids too many",
            create(ONE_RECORD + ",'await_consumer_ids':" + ids(101)),
            "await_consumer_ids: at most 100 consumers, found 101"));

    // await_consumers_timeout
    cases.add(
        starts(
            "timeout zero",
            create(ONE_RECORD + ",'await_consumers_timeout':0"),
            "await_consumers_timeout: must be between 1 and 300000 milliseconds, found 0"));
    cases.add(
        starts(
            "timeout minus zero",
            create(ONE_RECORD + ",'await_consumers_timeout':-0"),
            "await_consumers_timeout: must be between 1 and 300000 milliseconds, found 0"));
    cases.add(
        starts(
            "timeout negative",
            create(ONE_RECORD + ",'await_consumers_timeout':-5"),
            "await_consumers_timeout: must be between 1 and 300000 milliseconds, found -5"));
    cases.add(
        starts(
            "timeout too large",
            create(ONE_RECORD + ",'await_consumers_timeout':300001"),
            "await_consumers_timeout: must be between 1 and 300000 milliseconds, found 300001"));
    cases.add(
        starts(
            "timeout beyond long",
            create(ONE_RECORD + ",'await_consumers_timeout':99999999999999999999999"),
            "await_consumers_timeout: must be between 1 and 300000 milliseconds, found 99999999999999999999999"));
    cases.add(
        starts(
            "timeout fractional",
            create(ONE_RECORD + ",'await_consumers_timeout':1500.5"),
            "await_consumers_timeout: must be an integer number of milliseconds, found 1500.5"));
    cases.add(
        starts(
            "timeout integral with fraction",
            create(ONE_RECORD + ",'await_consumers_timeout':1000.0"),
            "await_consumers_timeout: must be an integer number of milliseconds, found 1000.0"));
    cases.add(
        starts(
            "timeout exponent",
            create(ONE_RECORD + ",'await_consumers_timeout':1e3"),
            "await_consumers_timeout: must be an integer number of milliseconds, found 1e3"));
    cases.add(
        starts(
            "timeout huge exponent",
            create(ONE_RECORD + ",'await_consumers_timeout':1e400"),
            "await_consumers_timeout: must be an integer number of milliseconds, found 1e400"));
    cases.add(
        starts(
            "timeout string",
            create(ONE_RECORD + ",'await_consumers_timeout':'5000'"),
            "await_consumers_timeout: must be an integer number of milliseconds, found a string"));
    cases.add(
        starts(
            "timeout boolean",
            delete("'upstream_ids':['a'],'await_consumers_timeout':true"),
            "await_consumers_timeout: must be an integer number of milliseconds, found true"));
    cases.add(
        starts(
            "timeout array",
            create(ONE_RECORD + ",'await_consumers_timeout':[5000]"),
            "await_consumers_timeout: must be an integer number of milliseconds, found an array"));

    // unknown top-level fields, checked before anything else
    cases.add(
        starts(
            "unknown await_consumers_ids",
            create(ONE_RECORD + ",'await_consumers_ids':['c']"),
            "unknown field 'await_consumers_ids' (did you mean 'await_consumer_ids'?)"));
    cases.add(
        starts(
            "unknown awaitConsumerIds",
            create(ONE_RECORD + ",'awaitConsumerIds':['c']"),
            "unknown field 'awaitConsumerIds' (did you mean 'await_consumer_ids'?)"));
    cases.add(
        starts(
            "unknown await_consumer_timeout",
            create(ONE_RECORD + ",'await_consumer_timeout':5000"),
            "unknown field 'await_consumer_timeout' (did you mean 'await_consumers_timeout'?)"));
    cases.add(
        starts(
            "unknown awaitConsumersTimeout",
            create(ONE_RECORD + ",'awaitConsumersTimeout':5000"),
            "unknown field 'awaitConsumersTimeout' (did you mean 'await_consumers_timeout'?)"));
    cases.add(
        starts(
            "unknown syncId",
            q("{'kind':'create','syncId':'s','collection_id':'c'," + ONE_RECORD + "}"),
            "unknown field 'syncId' (did you mean 'sync_id'?)"));
    cases.add(
        starts(
            "unknown Kind",
            q("{'Kind':'create'," + IDS + "," + ONE_RECORD + "}"),
            "unknown field 'Kind' (did you mean 'kind'?)"));
    cases.add(
        starts(
            "unknown upstream_id at top",
            delete("'upstream_id':'a'"),
            "unknown field 'upstream_id' (did you mean 'upstream_ids'?)"));
    cases.add(
        starts(
            "bare update record",
            q("{'upstream_id':'003','data':{'Email':'a@b.c'}}"),
            "$: the body looks like one record, not a request; wrap it: {\"kind\""));
    cases.add(
        starts(
            "bare create record",
            q("{'data':{'Email':'a@b.c'}}"),
            "$: the body looks like one record, not a request; wrap it"));
    cases.add(
        contains(
            "record fields beside the request's",
            update("'upstream_id':'003','data':{'Email':'a@b.c'}"),
            "\"records\": [{\"upstream_id\": \"...\", \"data\": {...}}]"));
    cases.add(starts("unknown far from any", create(ONE_RECORD + ",'x':1"), "unknown field 'x'"));
    cases.add(starts("unknown empty name", create(ONE_RECORD + ",'':1"), "unknown field ''"));
    cases.add(
        starts(
            "unknown before a bad kind", q("{'kind':'nope','extra':1}"), "unknown field 'extra'"));

    // counts
    cases.add(
        starts(
            "too many records",
            create("'records':" + creates(1001)),
            "records: at most 1000 per request, found 1001"));
    cases.add(
        starts(
            "too many upstream ids",
            delete("'upstream_ids':" + ids(1001)),
            "upstream_ids: at most 1000 per request, found 1001"));

    // syntax
    cases.add(starts("empty body", "", "$: request body is empty"));
    cases.add(starts("whitespace body", " \r\n\t ", "$: request body is empty"));
    cases.add(
        starts(
            "array root",
            "[" + create(ONE_RECORD) + "]",
            "$: request body must be a JSON object, found an array"));
    cases.add(
        starts(
            "string root", "\"create\"", "$: request body must be a JSON object, found a string"));
    cases.add(starts("number root", "12", "$: request body must be a JSON object, found 12"));
    cases.add(starts("null root", "null", "$: request body must be a JSON object, found null"));
    cases.add(
        starts("boolean root", "false", "$: request body must be a JSON object, found false"));
    cases.add(
        starts(
            "two objects",
            create(ONE_RECORD) + create(ONE_RECORD),
            "$: unexpected data after the JSON object"));
    cases.add(starts("trailing token", create(ONE_RECORD) + " x", "malformed JSON"));
    cases.add(starts("trailing comma then token", create(ONE_RECORD) + ",", "malformed JSON"));
    cases.add(
        starts(
            "truncated after a field",
            q("{'kind':'create'"),
            "malformed JSON: unexpected end of input"));
    cases.add(
        starts(
            "truncated in a string", q("{'kind':'cre"), "malformed JSON: unexpected end of input"));
    cases.add(
        starts(
            "truncated in data",
            create(ONE_RECORD).substring(0, 60),
            "malformed JSON: unexpected end of input"));
    cases.add(starts("only an open brace", "{", "malformed JSON: unexpected end of input"));
    cases.add(
        starts(
            "trailing comma in object",
            q("{'kind':'create'," + IDS + "," + ONE_RECORD + ",}"),
            "malformed JSON"));
    cases.add(starts("trailing comma in array", delete("'upstream_ids':['a',]"), "malformed JSON"));
    cases.add(starts("single quotes", "{'kind':'create'}", "malformed JSON"));
    cases.add(starts("unquoted key", "{kind:\"create\"}", "malformed JSON"));
    cases.add(starts("comment", q("{/* hi */'kind':'create'}"), "malformed JSON"));
    cases.add(starts("NaN in data", data("{'a':NaN}"), "malformed JSON at records[0].data.a"));
    cases.add(starts("Infinity in data", data("{'a':-Infinity}"), "malformed JSON"));
    cases.add(starts("leading zero", data("{'a':01}"), "malformed JSON at records[0].data.a"));
    cases.add(starts("leading plus", data("{'a':+1}"), "malformed JSON at records[0].data.a"));
    cases.add(starts("bare dot fraction", data("{'a':.5}"), "malformed JSON"));
    cases.add(
        starts(
            "raw control character",
            data("{'a':'x\u0001y'}"),
            "malformed JSON at records[0].data.a"));
    cases.add(
        starts(
            "raw newline in string", data("{'a':'x\ny'}"), "malformed JSON at records[0].data.a"));
    cases.add(starts("bad escape", data("{'a':'\\x41'}"), "malformed JSON at records[0].data.a"));
    cases.add(
        starts(
            "short unicode escape", data("{'a':'\\u12'}"), "malformed JSON at records[0].data.a"));
    cases.add(
        starts(
            "duplicate top-level key",
            q("{'kind':'create','kind':'delete'," + IDS + "," + ONE_RECORD + "}"),
            "malformed JSON at kind"));
    cases.add(
        contains(
            "duplicate top-level key says so",
            q("{'kind':'create'," + IDS + ",'sync_id':'t'," + ONE_RECORD + "}"),
            "Duplicate field 'sync_id'"));
    cases.add(
        starts(
            "duplicate key in data",
            data("{'Email':'a@b.c','Email':'x@y.z'}"),
            "malformed JSON at records[0].data.Email"));
    cases.add(
        starts(
            "duplicate key nested in data",
            data("{'a':{'b':[{'c':1,'c':2}]}}"),
            "malformed JSON at records[0].data.a.b[0].c"));
    cases.add(
        starts(
            "duplicate key in a record",
            create("'records':[{'data':{},'data':{}}]"),
            "malformed JSON at records[0].data"));

    // encodings
    cases.add(
        starts(
            "invalid UTF-8 start byte",
            concat(utf8(q("{'kind':'")), new byte[] {(byte) 0xFF}, utf8(q("'}"))),
            "malformed JSON"));
    cases.add(
        starts(
            "invalid UTF-8 middle byte",
            concat(
                utf8(q("{'kind':'create'," + IDS + ",'records':[{'data':{'a':'")),
                new byte[] {(byte) 0xC3, 0x28},
                utf8(q("'}}]}"))),
            "malformed JSON at records[0].data.a"));
    cases.add(
        starts(
            "overlong UTF-8",
            concat(
                utf8(q("{'kind':'create'," + IDS + ",'records':[{'data':{'a':'")),
                new byte[] {(byte) 0xC0, (byte) 0xAF},
                utf8(q("'}}]}"))),
            "malformed JSON"));
    cases.add(
        starts(
            "UTF-8 truncated at the end",
            concat(utf8(q("{'kind':'")), new byte[] {(byte) 0xE2, (byte) 0x82}),
            "malformed JSON"));
    cases.add(
        starts(
            "unpaired high surrogate escape",
            data("{'a':'\\ud800'}"),
            "records[0].data.a: invalid Unicode: unpaired surrogate \\ud800"));
    cases.add(
        starts(
            "unpaired low surrogate escape",
            data("{'a':'x\\udc00y'}"),
            "records[0].data.a: invalid Unicode: unpaired surrogate \\udc00"));
    cases.add(
        starts(
            "reversed surrogate pair",
            data("{'a':'\\udc00\\ud800'}"),
            "records[0].data.a: invalid Unicode: unpaired surrogate \\udc00"));
    cases.add(
        starts(
            "high surrogate then a letter",
            data("{'a':'\\ud83dA'}"),
            "records[0].data.a: invalid Unicode: unpaired surrogate \\ud83d"));
    cases.add(
        starts(
            "unpaired surrogate in sync_id",
            q("{'kind':'create','sync_id':'\\ud800','collection_id':'c'," + ONE_RECORD + "}"),
            "sync_id: invalid Unicode"));
    cases.add(
        starts(
            "unpaired surrogate in a key",
            data("{'\\ud800':1}"),
            "malformed JSON at records[0].data"));
    cases.add(
        starts(
            "unpaired surrogate in a nested key",
            data("{'a':{'x\\ud800':1}}"),
            "malformed JSON at records[0].data.a"));

    // limits of the parser
    cases.add(
        starts(
            "nesting deeper than 64 in data",
            data("{'a':" + "[".repeat(70) + "]".repeat(70) + "}"),
            "body exceeds a limit"));
    cases.add(
        contains(
            "nesting limit is named",
            data("{'a':" + "{'b':".repeat(70) + "1" + "}".repeat(70) + "}"),
            "nesting depth"));
    cases.add(
        starts(
            "string over 8M chars",
            data("{'a':'" + "z".repeat(10_000_000) + "'}"),
            "body exceeds a limit"));
    cases.add(
        contains(
            "number over 1000 digits",
            data("{'a':" + "9".repeat(2000) + "}"),
            "Number value length (2000) exceeds the maximum allowed (1000"));
    cases.add(
        contains(
            "fraction over 1000 digits",
            data("{'a':0." + "1".repeat(1500) + "}"),
            "exceeds the maximum allowed (1000"));
    cases.add(
        contains(
            "field name over 4096 chars", data("{'" + "n".repeat(5000) + "':1}"), "Name length"));
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileBodies")
  void readRequest_hostileBody_isValidationErrorNamingPathAndReason(
      String name, byte[] body, String expected, boolean prefix) {
    WireException e = catchThrowableOfType(WireException.class, () -> codec.readRequest(body));

    assertThat(e).as("%s must be rejected", name).isNotNull();
    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_ERROR);
    if (prefix) {
      assertThat(e.getMessage()).startsWith(expected);
    } else {
      assertThat(e.getMessage()).contains(expected);
    }
    assertThat(e.getMessage()).hasSizeLessThanOrEqualTo(MAX_MESSAGE_LENGTH);
    assertNoParserInternals(e.getMessage());
  }

  /** Messages speak of JSON, never of the parser's settings, classes or getters. */
  static void assertNoParserInternals(String message) {
    assertThat(message)
        .doesNotContain("Feature")
        .doesNotContain("JsonReadFeature")
        .doesNotContainIgnoringCase("enable")
        .doesNotContain("StreamReadConstraints")
        .doesNotContain("`")
        .doesNotContain("Source:")
        .doesNotContain("REDACTED");
  }

  static Stream<Arguments> parserWording() {
    return Stream.of(
        Arguments.of("NaN", data("{'a':NaN}"), "'NaN' (NaN and Infinity are not JSON numbers)"),
        Arguments.of("Infinity", data("{'a':-Infinity}"), "Infinity"),
        Arguments.of("comment", q("{/* hi */'kind':'create'}"), "comments are not allowed"),
        Arguments.of("line comment", q("{// hi\n'kind':'create'}"), "comments are not allowed"),
        Arguments.of("single quotes", "{'kind':'create'}", "must be in double quotes"),
        Arguments.of("leading plus", data("{'a':+1}"), "must not start with '+'"),
        Arguments.of("leading zero", data("{'a':01}"), "must not start with a zero"),
        Arguments.of("bare dot", data("{'a':.5}"), "unexpected character '.'"),
        Arguments.of("control character", data("{'a':'x\u0001y'}"), "must be escaped"),
        Arguments.of("bad escape", data("{'a':'\\x41'}"), "invalid escape sequence"),
        Arguments.of("unquoted key", "{kind:\"create\"}", "expected a name in double quotes"),
        Arguments.of("bad literal", data("{'a':tru}"), "not a JSON value: 'tru'"),
        Arguments.of("missing comma", data("{'a':1 'b':2}"), "(expected ',' or '}')"),
        Arguments.of("wrong close", data("{'a':[1}"), "unexpected"),
        Arguments.of("number too long", data("{'a':" + "9".repeat(2000) + "}"), "(1000)"),
        Arguments.of("string too long", data("{'a':'" + "z".repeat(9_000_000) + "'}"), "length"),
        Arguments.of(
            "fraction too long", data("{'a':0." + "1".repeat(1500) + "}"), "allowed (1000)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("parserWording")
  void readRequest_parserErrors_areInPlainWordsWithoutParserInternals(
      String name, String body, String expected) {
    WireException e =
        catchThrowableOfType(WireException.class, () -> codec.readRequest(utf8(body)));

    assertThat(e).as(name).isNotNull();
    assertThat(e.getMessage()).contains(expected);
    assertNoParserInternals(e.getMessage());
    assertThat(e.getMessage()).doesNotContain("(code ");
  }

  /** Bodies whose rejection could echo a huge input: a name and the body. */
  public static Stream<Arguments> hugeEchoes() {
    String huge = "h".repeat(1_000_000);
    String name = "n".repeat(4096);
    return Stream.of(
        Arguments.of("1 MB unknown field name", create(ONE_RECORD + ",'" + huge + "':1")),
        Arguments.of("4096-char unknown field name", create(ONE_RECORD + ",'" + name + "':1")),
        Arguments.of(
            "4096-char unknown record field", create("'records':[{'data':{},'" + name + "':1}]")),
        Arguments.of("1 MB kind", q("{'kind':'" + huge + "'," + IDS + "}")),
        Arguments.of("1 MB duplicate id", delete("'upstream_ids':['" + huge + "','" + huge + "']")),
        Arguments.of("1 MB token", create(ONE_RECORD + ",'x':" + huge)),
        Arguments.of("1 MB trailing token", create(ONE_RECORD) + huge),
        Arguments.of("4096-char key holding a bad string", data("{'" + name + "':'\\ud800'}")),
        Arguments.of("4096-char duplicate key", data("{'" + name + "':1,'" + name + "':2}")),
        Arguments.of(
            "deep path of long keys",
            data(("{'" + "k".repeat(4000) + "':").repeat(60) + "'\\ud800'" + "}".repeat(60))),
        Arguments.of("4096-char key in a malformed value", data("{'" + name + "':tru}")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hugeEchoes")
  void readRequest_hugeInput_yieldsShortMessage(String name, String body) {
    WireException e =
        catchThrowableOfType(WireException.class, () -> codec.readRequest(utf8(body)));

    assertThat(e).as(name).isNotNull();
    assertThat(e.getMessage()).hasSizeLessThanOrEqualTo(MAX_MESSAGE_LENGTH);
  }

  @Test
  void readRequest_controlCharactersEchoedInMessages_areEscaped() {
    WireException e =
        catchThrowableOfType(
            WireException.class,
            () ->
                codec.readRequest(
                    q("{'kind':'up\\nsert'," + IDS + "}").getBytes(StandardCharsets.UTF_8)));

    assertThat(e.getMessage()).doesNotContain("\n").contains("up\\u000asert");
  }

  @Test
  void readRequest_customRecordLimit_isEnforcedForRecordsAndIds() {
    WireCodec small = new WireCodec(new WireLimits(3, Duration.ofSeconds(10)));

    assertThat(small.readRequest(utf8(create("'records':" + creates(3)))).size()).isEqualTo(3);
    assertThatThrownBy(() -> small.readRequest(utf8(create("'records':" + creates(4)))))
        .isInstanceOf(WireException.class)
        .hasMessage("records: at most 3 per request, found 4");
    assertThatThrownBy(() -> small.readRequest(utf8(delete("'upstream_ids':" + ids(4)))))
        .isInstanceOf(WireException.class)
        .hasMessage("upstream_ids: at most 3 per request, found 4");
    assertThatThrownBy(() -> small.readRequest(utf8(update("'data':" + updates(4)))))
        .isInstanceOf(WireException.class)
        .hasMessage("data: at most 3 per request, found 4");
  }

  private static String updates(int n) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < n; i++) {
      sb.append(i == 0 ? "" : ",").append("{'upstream_id':'u").append(i).append("','data':{}}");
    }
    return q(sb.append("]").toString());
  }

  @Test
  void readRequest_defaultLimits_acceptExactlyTheMaximum() {
    assertThat(codec.readRequest(utf8(create("'records':" + creates(1000)))).size())
        .isEqualTo(1000);
    assertThat(codec.readRequest(utf8(delete("'upstream_ids':" + ids(1000)))).size())
        .isEqualTo(1000);
    assertThat(
            codec
                .readRequest(utf8(create(ONE_RECORD + ",'await_consumers_timeout':300000")))
                .awaitConsumers()
                .orElseThrow()
                .timeout())
        .isEqualTo(Duration.ofMillis(300_000));
    assertThat(
            codec
                .readRequest(utf8(create(ONE_RECORD + ",'await_consumers_timeout':1")))
                .awaitConsumers()
                .orElseThrow()
                .timeout())
        .isEqualTo(Duration.ofMillis(1));
  }

  @Test
  void readRequest_customTimeoutLimit_namesTheLimit() {
    WireCodec small = new WireCodec(new WireLimits(3, Duration.ofSeconds(10)));

    assertThat(
            small
                .readRequest(utf8(create(ONE_RECORD + ",'await_consumers_timeout':10000")))
                .awaitConsumers()
                .orElseThrow()
                .timeout())
        .isEqualTo(Duration.ofSeconds(10));
    assertThatThrownBy(
            () -> small.readRequest(utf8(create(ONE_RECORD + ",'await_consumers_timeout':10001"))))
        .isInstanceOf(WireException.class)
        .hasMessage(
            "await_consumers_timeout: must be between 1 and 10000 milliseconds, found 10001");
  }

  @Test
  void readRequest_hugeNumbersInData_areKeptExactly() {
    String body =
        data(
            "{'big':12345678901234567890,'tenth':0.1,'huge':1e400,'negZero':-0.0,'e':1E-7,'z':-0}");

    MutationRequest.Create create = (MutationRequest.Create) codec.readRequest(utf8(body));

    assertThat(create.records().get(0).data())
        .containsExactly(
            java.util.Map.entry("big", JsonNumber.parse("12345678901234567890")),
            java.util.Map.entry("tenth", JsonNumber.parse("0.1")),
            java.util.Map.entry("huge", JsonNumber.parse("1e400")),
            java.util.Map.entry("negZero", JsonNumber.parse("-0.0")),
            java.util.Map.entry("e", JsonNumber.parse("1E-7")),
            java.util.Map.entry("z", JsonNumber.parse("-0")));
    assertThat(new String(codec.writeRequest(create), StandardCharsets.UTF_8))
        .contains(
            "{\"big\":12345678901234567890,\"tenth\":0.1,\"huge\":1e400,"
                + "\"negZero\":-0.0,\"e\":1E-7,\"z\":-0}");
  }

  @Test
  void readRequest_utf8ByteOrderMark_isSkippedAsJacksonDoes() {
    byte[] body =
        concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, utf8(create(ONE_RECORD)));

    assertThat(codec.readRequest(body)).isEqualTo(codec.readRequest(utf8(create(ONE_RECORD))));
  }

  @Test
  void readRequest_parserLimits_areExactBoundaries() {
    String number = "9".repeat(WireCodec.MAX_NUMBER_LENGTH);
    String name = "n".repeat(WireCodec.MAX_NAME_LENGTH);

    MutationRequest.Create create =
        (MutationRequest.Create) codec.readRequest(utf8(data("{'" + name + "':" + number + "}")));

    assertThat(create.records().get(0).data()).containsEntry(name, JsonNumber.parse(number));
    assertThatThrownBy(() -> codec.readRequest(utf8(data("{'a':" + number + "9}"))))
        .isInstanceOf(WireException.class)
        .hasMessageStartingWith("body exceeds a limit");
    assertThatThrownBy(() -> codec.readRequest(utf8(data("{'" + name + "n':1}"))))
        .isInstanceOf(WireException.class)
        .hasMessageStartingWith("body exceeds a limit");
    assertThatThrownBy(
            () -> codec.readRequest(utf8(data("{'a':" + "[".repeat(61) + "]".repeat(61) + "}"))))
        .isInstanceOf(WireException.class)
        .hasMessageStartingWith("body exceeds a limit");
  }

  @Test
  void readRequest_nestingUpToTheLimit_isAccepted() {
    // The root object and the records array, record object and data object take four levels.
    String body = data("{'a':" + "[".repeat(60) + "]".repeat(60) + "}");

    assertThat(codec.readRequest(utf8(body)).size()).isEqualTo(1);
  }

  @Test
  void readRequest_nonBmpCharactersAndEscapedPairs_areAccepted() {
    String body = data("{'emoji':'\\ud83d\\ude00 \uD83D\uDE00','\\u00e9t\\u00e9':'\\u0000'}");

    MutationRequest.Create create = (MutationRequest.Create) codec.readRequest(utf8(body));

    assertThat(create.records().get(0).data())
        .containsExactly(
            java.util.Map.entry("emoji", "\uD83D\uDE00 \uD83D\uDE00"),
            java.util.Map.entry("\u00e9t\u00e9", "\u0000"));
  }

  @Test
  void readRequest_awaitFields_emptyIdsAndDuplicatesCollapse() {
    MutationRequest request =
        codec.readRequest(utf8(create(ONE_RECORD + ",'await_consumer_ids':['b','a','b','a']")));

    assertThat(request.awaitConsumers().orElseThrow().consumerIds()).containsExactly("b", "a");
    assertThat(request.awaitConsumers().orElseThrow().timeout())
        .isEqualTo(Duration.ofMillis(30_000));
    assertThat(
            codec
                .readRequest(utf8(create(ONE_RECORD + ",'await_consumer_ids':[]")))
                .awaitConsumers()
                .orElseThrow()
                .isEmpty())
        .isTrue();
  }

  @Test
  void readRequest_nullAwaitFields_meanAbsent() {
    assertThat(
            codec
                .readRequest(
                    utf8(
                        create(
                            ONE_RECORD
                                + ",'await_consumer_ids':null,'await_consumers_timeout':null")))
                .awaitConsumers())
        .isEmpty();
    MutationRequest idsOnly =
        codec.readRequest(
            utf8(
                create(ONE_RECORD + ",'await_consumer_ids':['a'],'await_consumers_timeout':null")));
    assertThat(idsOnly.awaitConsumers().orElseThrow().consumerIds()).containsExactly("a");
    assertThat(idsOnly.awaitConsumers().orElseThrow().timeout())
        .isEqualTo(Duration.ofMillis(30_000));
    MutationRequest timeoutOnly =
        codec.readRequest(
            utf8(
                delete(
                    "'upstream_ids':['x'],'await_consumer_ids':null,'await_consumers_timeout':5")));
    assertThat(timeoutOnly.awaitConsumers().orElseThrow().isEmpty()).isTrue();
  }

  @Test
  void readRequest_duplicateAwaitIds_collapseBeforeTheLimitIsCounted() {
    StringBuilder ids = new StringBuilder("[");
    for (int i = 0; i < 300; i++) {
      ids.append(i == 0 ? "" : ",").append("'c").append(i % 100).append("'");
    }
    String body = create(ONE_RECORD + ",'await_consumer_ids':" + q(ids.append("]").toString()));

    MutationRequest request = codec.readRequest(utf8(body));

    assertThat(request.awaitConsumers().orElseThrow().consumerIds()).hasSize(100);
    assertThatThrownBy(
            () -> codec.readRequest(utf8(create(ONE_RECORD + ",'await_consumer_ids':" + ids(101)))))
        .hasMessage("await_consumer_ids: at most 100 consumers, found 101");
  }

  @Test
  void readRequest_moreJsonValuesThanTheLimit_isPayloadTooLargeNamingTheLimit() {
    WireCodec small = new WireCodec(new WireLimits(1000, Duration.ofSeconds(10), 12));
    // The root, its three strings, records, the record, data, 'a' and 'b': 9, then 3 in 'b'.
    String fits = data("{'a':1,'b':[1,1,1]}");
    String over = data("{'a':1,'b':[1,1,1,1]}");

    assertThat(small.readRequest(utf8(fits)).size()).isEqualTo(1);
    WireException e =
        catchThrowableOfType(WireException.class, () -> small.readRequest(utf8(over)));
    assertThat(e.code()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE);
    assertThat(e.getMessage())
        .isEqualTo(
            "records[0].data.b[3]: the body has more than 12 JSON values, the server's limit per"
                + " request; send fewer or smaller records");
  }

  @Test
  void readRequest_millionsOfTinyValues_areRefusedAtTheDefaultLimitWithoutParsingThemAll() {
    // About 8 MiB of [1,1,1,...]: 4 M values that would take over 300 MB once parsed.
    StringBuilder ones = new StringBuilder(8_400_000).append("[1");
    for (int i = 1; i < 4_000_000; i++) {
      ones.append(",1");
    }
    byte[] body = utf8(data("{'a':" + ones.append("]") + "}"));

    WireException e = catchThrowableOfType(WireException.class, () -> codec.readRequest(body));

    assertThat(e.code()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE);
    assertThat(e.getMessage())
        .startsWith("records[0].data.a[499992]: the body has more than 500000 JSON values");
  }

  @Test
  void readRequest_defaultLimit_acceptsAThousandRecordsOfFourHundredFields() {
    StringBuilder record = new StringBuilder("{'data':{");
    for (int f = 0; f < 400; f++) {
      record.append(f == 0 ? "" : ",").append("'f").append(f).append("':").append(f);
    }
    String one = record.append("}}").toString();
    StringBuilder records = new StringBuilder("[");
    for (int i = 0; i < 1000; i++) {
      records.append(i == 0 ? "" : ",").append(one);
    }
    String body = create("'records':" + q(records.append("]").toString()));

    assertThat(codec.readRequest(utf8(body)).size()).isEqualTo(1000);
  }

  @Test
  void readRequest_upstreamIdsDifferingOnlyInCase_areNotDuplicates() {
    MutationRequest.Delete delete =
        (MutationRequest.Delete) codec.readRequest(utf8(delete("'upstream_ids':['a','A']")));

    assertThat(delete.upstreamIds()).containsExactly("a", "A");
  }
}
