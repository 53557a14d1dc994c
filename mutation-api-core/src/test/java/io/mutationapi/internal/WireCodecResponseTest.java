package io.mutationapi.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mutationapi.ErrorCode;
import io.mutationapi.MutationError;
import io.mutationapi.Record;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading responses is lenient, but never invents or corrupts a value. */
class WireCodecResponseTest {
  private final WireCodec codec = WireCodec.standard();

  private static byte[] utf8(String s) {
    return s.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void readError_failureIndexes_keepOnlyThoseThatNameARequestIndex() {
    MutationError error =
        codec.readError(
            502,
            utf8(
                "{'error':'Error: partial','failures':["
                    + "{'index':0,'error':'a'},"
                    + "{'index':4294967297,'error':'wraps to 1'},"
                    + "{'index':2.7,'error':'rounds to 2'},"
                    + "{'index':1e1,'error':'not an integer'},"
                    + "{'index':-1,'error':'negative'},"
                    + "{'index':2147483647,'error':'largest'},"
                    + "{'index':2147483648,'error':'too large'}]}"));

    assertThat(error.failures())
        .containsExactly(
            new MutationError.Failure(0, "a"), new MutationError.Failure(2147483647, "largest"));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 99, 600, 999, -1, Integer.MAX_VALUE})
  void readError_statusOutsideHttp_becomesA502NamingTheStatus_withoutThrowing(int status) {
    MutationError error = codec.readError(status, utf8("{'error':'Error: x','code':'x'}"));

    assertThat(error.status()).isEqualTo(502);
    assertThat(error.code()).isEmpty();
    assertThat(error.message())
        .isEqualTo("Error: HTTP status " + status + " is not an HTTP status");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1e99999999999", "1.5e-99999999999", "-1e99999999999"})
  void readError_failureIndexWithHugeExponent_neverThrows(String index) {
    MutationError error =
        codec.readError(
            500,
            utf8(
                "{'error':'Error: x','code':'upstream_error','failures':[{'index':"
                    + index
                    + ",'error':'e'}]}"));

    assertThat(error.message()).isEqualTo("Error: x");
    assertThat(error.code()).contains(ErrorCode.UPSTREAM_ERROR);
    assertThat(error.failures()).isEmpty();
  }

  @Test
  void readError_bodyThatIsNotAnError_becomesAGenericError() {
    assertThat(codec.readError(502, utf8("<html>Bad Gateway</html>")).message())
        .isEqualTo("Error: HTTP 502 with a body that is not a JSON error");
    assertThat(codec.readError(500, utf8("{'message':'x'}")).message())
        .isEqualTo("Error: HTTP 500 with no error message");
    assertThat(codec.readError(503, new byte[0]).code()).isEmpty();
  }

  @Test
  void readError_malformedRecordsExtension_isDroppedNotFatal() {
    MutationError error =
        codec.readError(500, utf8("{'error':'Error: x','docs':['d',1],'records':[{'sync_id':1}]}"));

    assertThat(error.records()).isEmpty();
    assertThat(error.docs()).containsExactly("d");
  }

  @Test
  void readResult_missingRequiredRecordField_namesItsPath() {
    assertThatThrownBy(() -> codec.readResult(utf8("{'records':[{'sync_id':'s'}]}")))
        .isInstanceOf(WireException.class)
        .hasMessage("records[0].collection_id: must be a string, found null");
    assertThatThrownBy(() -> codec.readResult(utf8("{'data':[]}")))
        .isInstanceOf(WireException.class)
        .hasMessage("records: must be an array, found null");
  }

  @Test
  void readResult_badTimestamp_namesItsPath() {
    assertThatThrownBy(
            () ->
                codec.readResult(
                    utf8(
                        "{'records':[{'sync_id':'s','collection_id':'c','upstream_id':'u',"
                            + "'upstream_updated_at':'yesterday'}]}")))
        .isInstanceOf(WireException.class)
        .hasMessage("records[0].upstream_updated_at: not an ISO-8601 timestamp: yesterday");
  }

  @Test
  void readResult_badCreatedAt_namesItsPath() {
    assertThatThrownBy(
            () ->
                codec.readResult(
                    utf8(
                        "{'records':[{'sync_id':'s','collection_id':'c','upstream_id':'u',"
                            + "'upstream_updated_at':'2024-11-10T18:39:00Z',"
                            + "'upstream_created_at':'2024-11-10'}]}")))
        .isInstanceOf(WireException.class)
        .hasMessage("records[0].upstream_created_at: not an ISO-8601 timestamp: 2024-11-10");
  }

  @Test
  void readResult_timestampWithoutZone_isRejected() {
    assertThatThrownBy(
            () ->
                codec.readResult(
                    utf8(
                        "{'records':[{'sync_id':'s','collection_id':'c','upstream_id':'u',"
                            + "'upstream_updated_at':'2024-11-10T18:39:00'}]}")))
        .isInstanceOf(WireException.class)
        .hasMessage(
            "records[0].upstream_updated_at: not an ISO-8601 timestamp: 2024-11-10T18:39:00");
  }

  @Test
  void readResult_unknownFields_areKeptAsExtensionsAndWrittenBack() {
    byte[] body =
        utf8(
            "{'records':[{'sync_id':'s','collection_id':'c','upstream_id':'u',"
                + "'upstream_updated_at':'2024-11-10T18:39:00.070453Z','data':{},'deleted':false,"
                + "'x_new':{'a':[1,null]}}],'next':'ignored'}");

    Record record = codec.readResult(body).record();

    assertThat(record.extensions()).containsOnlyKeys("x_new");
    assertThat(new String(codec.writeRecords(List.of(record)), StandardCharsets.UTF_8))
        .endsWith("\"deleted\":false,\"x_new\":{\"a\":[1,null]}}]");
  }

  private static byte[] recordWithIdx(String idx) {
    return utf8(
        "{'records':[{'sync_id':'s','collection_id':'c','upstream_id':'u',"
            + "'upstream_updated_at':'2024-11-10T18:39:00Z','updated_idx':"
            + idx
            + ",'data':{}}]}");
  }

  @ParameterizedTest
  @ValueSource(strings = {"9223372036854775807", "-9223372036854775808", "0", "1"})
  void readResult_updatedIdxWithinLong_isKept(String idx) {
    assertThat(codec.readResult(recordWithIdx(idx)).record().updatedIdx().getAsLong())
        .isEqualTo(Long.parseLong(idx));
  }

  @ParameterizedTest
  @ValueSource(strings = {"9223372036854775808", "18446744073709551617", "-9223372036854775809"})
  void readResult_updatedIdxBeyondLong_isRejectedNotWrapped(String idx) {
    assertThatThrownBy(() -> codec.readResult(recordWithIdx(idx)))
        .isInstanceOf(WireException.class)
        .hasMessage("records[0].updated_idx: out of range for a 64-bit integer");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.0", "1e3", "'1'", "true"})
  void readResult_updatedIdxNotAnInteger_isRejected(String idx) {
    assertThatThrownBy(() -> codec.readResult(recordWithIdx(idx)))
        .isInstanceOf(WireException.class)
        .hasMessage("records[0].updated_idx: must be an integer");
  }

  @Test
  void readRecord_ofTheValueModel_readsAsASuccessBodysRecord_keepingUnknownFields() {
    String record =
        "{'sync_id':'s','collection_id':'c','upstream_id':'u','updated_idx':3,"
            + "'upstream_updated_at':'2024-11-10T18:39:00.070453Z',"
            + "'data':{'a':1.50,'b':null},'deleted':false,'future':true}";
    Object message = codec.readValue(utf8("{'ack_token':'t','record':" + record + "}"));

    Record read = codec.readRecord(((java.util.Map<?, ?>) message).get("record"), "data[0].record");

    assertThat(read).isEqualTo(codec.readResult(utf8("{'records':[" + record + "]}")).record());
    assertThat(read.extensions()).containsKey("future");
  }

  @Test
  void readRecord_notARecord_namesThePath() {
    assertThatThrownBy(() -> codec.readRecord(List.of(), "data[2].record"))
        .isInstanceOf(WireException.class)
        .hasMessageStartingWith("data[2].record: must be an object");
    assertThatThrownBy(
            () -> codec.readRecord(codec.readValue(utf8("{'sync_id':'s'}")), "data[0].record"))
        .isInstanceOf(WireException.class)
        .hasMessageStartingWith("data[0].record");
  }
}
