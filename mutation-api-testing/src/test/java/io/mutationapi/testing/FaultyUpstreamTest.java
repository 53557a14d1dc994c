package io.mutationapi.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mutationapi.MutationRequest;
import io.mutationapi.Record;
import io.mutationapi.server.InMemoryUpstream;
import io.mutationapi.server.spi.Principal;
import io.mutationapi.server.spi.RecordOutcome;
import io.mutationapi.server.spi.UpstreamContext;
import io.mutationapi.server.spi.UpstreamException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class FaultyUpstreamTest {
  static final String SYNC = "my-sync-id";
  static final String CONTACT = "salesforce:contact";

  // Not atomic, to see what it keeps of a failed batch; atomicity has its own tests.
  final InMemoryUpstream store = InMemoryUpstream.builder().atomic(false).build();
  final FaultyUpstream upstream = FaultyUpstream.wrap(store);

  static final UpstreamContext CONTEXT =
      new UpstreamContext(Instant.MAX, Optional.empty(), Principal.ANONYMOUS);

  static List<Record> apply(FaultyUpstream upstream, MutationRequest batch) {
    return upstream.apply(batch, CONTEXT).toCompletableFuture().join();
  }

  static UpstreamException failure(FaultyUpstream upstream, MutationRequest batch) {
    try {
      upstream.apply(batch, CONTEXT).toCompletableFuture().join();
    } catch (CompletionException e) {
      return (UpstreamException) e.getCause();
    }
    throw new AssertionError("expected a failure");
  }

  Record create(Map<String, ?> data) {
    return apply(upstream, MutationRequest.create(SYNC, CONTACT).record(data).build()).get(0);
  }

  static MutationRequest fourRecords() {
    return MutationRequest.create(SYNC, CONTACT)
        .record(Map.of("n", 0))
        .record(Map.of("n", 1))
        .record(Map.of("n", 2))
        .record(Map.of("n", 3))
        .build();
  }

  @Test
  void nonAtomic_failureAtRecordK_keepsAndReportsTheRecordsBeforeIt() {
    upstream.failAtRecord(2, UpstreamException.failed("Salesforce API error", null));

    UpstreamException e = failure(upstream, fourRecords());

    assertThat(e.applied()).hasSize(2);
    assertThat(store.size(CONTACT)).isEqualTo(2);
  }

  @Test
  void nonAtomic_failureAtTheFirstRecord_appliesNothingAndSaysSo() {
    upstream.failAtRecord(0, UpstreamException.failed("Salesforce API error", null));

    UpstreamException e = failure(upstream, fourRecords());

    assertThat(e.applied()).isEmpty();
    assertThat(store.size(CONTACT)).isZero();
  }

  @Test
  void atomic_failureAtRecordK_appliesNothing() {
    InMemoryUpstream atomicStore = InMemoryUpstream.builder().atomic(true).build();
    FaultyUpstream atomic = FaultyUpstream.wrap(atomicStore);
    atomic.failAtRecord(1, UpstreamException.timeout("Salesforce API timed out"));

    UpstreamException e =
        failure(
            atomic,
            MutationRequest.create(SYNC, CONTACT)
                .record(Map.of("n", 0))
                .record(Map.of("n", 1))
                .build());

    assertThat(e.kind()).isEqualTo(UpstreamException.Kind.TIMEOUT);
    assertThat(e.applied()).isEmpty();
    assertThat(e.outcomes())
        .containsExactly(
            RecordOutcome.failed("Not applied: the batch was rolled back"),
            RecordOutcome.failed("Salesforce API timed out"));
    assertThat(atomicStore.size(CONTACT)).isZero();
  }

  @Test
  void failAtRecord_countsRecordsAcrossBatches() {
    upstream.failAtRecord(3, UpstreamException.failed("boom", null));
    create(Map.of("n", 0));
    create(Map.of("n", 1));

    UpstreamException e =
        failure(
            upstream,
            MutationRequest.create(SYNC, CONTACT)
                .record(Map.of("n", 2))
                .record(Map.of("n", 3))
                .build());

    assertThat(e.applied()).hasSize(1);
    assertThat(create(Map.of("n", 4))).isNotNull();
  }

  @Test
  void failAtRecord_rejectsANegativeCount() {
    assertThatThrownBy(() -> upstream.failAtRecord(-1, UpstreamException.failed("boom", null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("recordsBefore must not be negative: -1");
  }

  @Test
  void failNext_failsOneBatchOnly() {
    upstream.failNext(UpstreamException.rateLimited("slow down", Duration.ofSeconds(3)));

    assertThat(
            failure(upstream, MutationRequest.create(SYNC, CONTACT).record(Map.of()).build())
                .retryAfter())
        .contains(Duration.ofSeconds(3));
    assertThat(create(Map.of())).isNotNull();
  }

  @Test
  void failRandomly_failsEveryBatchAtRateOne_andNoneAtRateZero() {
    upstream.failRandomly(1, 7);
    UpstreamException e =
        failure(upstream, MutationRequest.create(SYNC, CONTACT).record(Map.of()).build());
    upstream.failRandomly(0, 7);

    assertThat(e.kind()).isEqualTo(UpstreamException.Kind.FAILED);
    assertThat(create(Map.of())).isNotNull();
    assertThat(store.size(CONTACT)).isEqualTo(1);
  }

  @Test
  void batchCount_andApplied_countFailedBatchesAndKeepWhatWasApplied() {
    create(Map.of("n", 0));
    upstream.failAtRecord(1, UpstreamException.failed("boom", null));
    failure(upstream, fourRecords());

    assertThat(upstream.batchCount()).isEqualTo(2);
    assertThat(upstream.applied())
        .extracting(r -> r.data().get("n").toString())
        .containsExactly("0", "0");
    assertThat(store.size(CONTACT)).isEqualTo(2);
  }

  @Test
  void wrapper_answersAsItsDelegate() {
    InMemoryUpstream small = InMemoryUpstream.builder().atomic(false).maxBatchSize(3).build();
    FaultyUpstream wrapped = FaultyUpstream.wrap(small);

    assertThat(wrapped.isAtomic()).isFalse();
    assertThat(wrapped.isNonBlocking()).isTrue();
    assertThat(wrapped.maxBatchSize()).isEqualTo(3);
    assertThat(wrapped.delegate()).isSameAs(small);
  }
}
