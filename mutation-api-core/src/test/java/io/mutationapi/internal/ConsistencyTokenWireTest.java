package io.mutationapi.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mutationapi.AwaitConsumers;
import io.mutationapi.ConsistencyToken;
import io.mutationapi.ErrorCode;
import io.mutationapi.MutationError;
import io.mutationapi.MutationResult;
import io.mutationapi.Record;
import io.mutationapi.await.Position;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The {@code consistency_token} field of answers, and the body of a wait for a token. */
class ConsistencyTokenWireTest {
  final WireCodec codec = WireCodec.standard();
  final ConsistencyToken token =
      ConsistencyToken.parse(
          TokenCodec.encode(List.of(new TokenCodec.Entry(new Position(2, 41), 99))));
  final Record record =
      Record.builder()
          .syncId("s")
          .collectionId("c")
          .upstreamId("u")
          .upstreamUpdatedAt(Instant.parse("2024-11-10T18:39:00Z"))
          .build();

  static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  WaitRequest readWait(String json, boolean ids) {
    return codec.readWaitRequest(
        new ByteArrayInputStream(json.replace('\'', '"').getBytes(StandardCharsets.UTF_8)), ids);
  }

  @Test
  void result_withToken_roundTripsTheToken_afterTheRecords() {
    MutationResult result = new MutationResult(List.of(record), Optional.of(token));

    String wire = utf8(codec.writeResult(result));

    assertThat(wire).endsWith(",\"consistency_token\":\"" + token.value() + "\"}");
    assertThat(codec.readResult(wire.getBytes(StandardCharsets.UTF_8))).isEqualTo(result);
  }

  @Test
  void result_withoutToken_hasNoField() {
    assertThat(utf8(codec.writeResult(new MutationResult(List.of(record)))))
        .doesNotContain("consistency_token");
  }

  @Test
  void result_withATokenOfALaterVersionOrType_isReadWithoutIt() {
    for (String value : List.of("\"AgA\"", "12", "null", "{}")) {
      MutationResult read =
          codec.readResult(
              ("{\"records\":[],\"consistency_token\":" + value + "}")
                  .getBytes(StandardCharsets.UTF_8));
      assertThat(read.consistencyToken()).as(value).isEmpty();
    }
  }

  @Test
  void errorBody_withToken_roundTripsIt() {
    MutationError error =
        MutationError.of(ErrorCode.CONSUMERS_TIMEOUT, "Timed out waiting for consumers: db")
            .withPendingConsumerIds(List.of("db"))
            .withRecords(List.of(record))
            .withConsistencyToken(token);

    byte[] body = codec.writeError(error);

    assertThat(utf8(body)).contains("\"consistency_token\":\"" + token.value() + "\"");
    assertThat(codec.readError(500, body)).isEqualTo(error);
  }

  @Test
  void waitRequest_readsEveryField_andDefaultsTheTimeoutAsAnAwait() {
    WaitRequest full =
        readWait(
            "{'consistency_token':'"
                + token.value()
                + "','consumer_ids':['a','b','a'],"
                + "'timeout':1500}",
            true);
    WaitRequest bare = readWait("{'consistency_token':'" + token.value() + "'}", false);

    assertThat(full).isEqualTo(new WaitRequest(token, List.of("a", "b"), Duration.ofMillis(1500)));
    assertThat(bare.timeout()).isEqualTo(AwaitConsumers.DEFAULT_TIMEOUT);
    assertThat(bare.consumerIds()).isEmpty();
    assertThat(readWait(utf8(codec.writeWaitRequest(full)), true)).isEqualTo(full);
  }

  @Test
  void waitRequest_breakingARule_isRefusedNamingThePath() {
    String t = "'consistency_token':'" + token.value() + "'";
    assertRefused("{}", false, "consistency_token: required");
    assertRefused("{'consistency_token':5}", false, "consistency_token: must be a string, found 5");
    assertRefused("{'consistency_token':'nope'}", false, WaitRequest.TOKEN_NOT_VALID);
    assertRefused("{" + t + ",'consumer_ids':['a']}", false, "unknown field 'consumer_ids'");
    assertRefused("{" + t + ",'consumer_id':['a']}", true, "(did you mean 'consumer_ids'?)");
    assertRefused("{" + t + "}", true, "consumer_ids: required");
    assertRefused("{" + t + ",'consumer_ids':[]}", true, "consumer_ids: must not be empty");
    assertRefused("{" + t + ",'consumer_ids':['']}", true, "consumer_ids[0]: must not be empty");
    assertRefused(
        "{" + t + ",'timeout':0}", false, "timeout: must be between 1 and 300000 milliseconds");
    assertRefused("{" + t + ",'timeout':300001}", false, "timeout: must be between 1 and 300000");
  }

  void assertRefused(String json, boolean ids, String message) {
    assertThatThrownBy(() -> readWait(json, ids))
        .as(json)
        .isInstanceOf(WireException.class)
        .hasMessageContaining(message);
  }
}
