package io.mutationapi.kafka;

import io.mutationapi.server.spi.BatchResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a member has processed but not yet committed, per partition: the offset to commit and the
 * events not applied. Committed together, then reported as progress.
 *
 * <p>Used on the member's poll thread only.
 */
final class PendingCommits {
  private static final Logger log = LoggerFactory.getLogger(PendingCommits.class);
  private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(10);

  private final String consumerId;
  private final ProgressPublisher publisher;
  private final Map<TopicPartition, ProgressUpdate> done = new HashMap<>();

  PendingCommits(String consumerId, ProgressPublisher publisher) {
    this.consumerId = consumerId;
    this.publisher = publisher;
  }

  /** Marks {@code tp} processed below {@code next}, with what {@code result} did not apply. */
  void markDone(TopicPartition tp, long next, BatchResult result) {
    List<ProgressUpdate.Skip> skips = new ArrayList<>(result.notApplied().size());
    for (BatchResult.Skipped skipped : result.notApplied()) {
      skips.add(new ProgressUpdate.Skip(skipped.event().position().offset(), skipped.reason()));
    }
    done.merge(
        tp, new ProgressUpdate(consumerId, tp.partition(), next, skips), ProgressUpdate::then);
  }

  /** Forgets partitions this member no longer owns: their next owner reads them again. */
  void forget(Collection<TopicPartition> partitions) {
    partitions.forEach(done::remove);
  }

  void clear() {
    done.clear();
  }

  /**
   * Commits every partition marked done, in one request, and reports their progress once Kafka has
   * it. Synchronous, so that a waiter wakes one round trip after its batch completed rather than
   * whenever the poll loop next runs commit callbacks. A commit that fails (e.g. while the group
   * rebalances) stays marked and is tried again after the next poll: the records were already
   * fetched, so nothing else would commit them; a partition that moves to another member meanwhile
   * is forgotten, and its new owner reads the records again.
   */
  void commit(Consumer<String, byte[]> consumer) {
    if (done.isEmpty()) {
      return;
    }
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    done.forEach((tp, update) -> offsets.put(tp, new OffsetAndMetadata(update.nextOffset())));
    while (true) {
      try {
        consumer.commitSync(offsets, COMMIT_TIMEOUT);
        break;
      } catch (WakeupException e) {
        // A completion was posted meanwhile; the inbox runs after this commit.
      } catch (RuntimeException e) {
        log.info(
            "Consumer '{}' could not commit partitions {} yet; trying again: {}",
            consumerId,
            offsets.keySet(),
            e.toString());
        return;
      }
    }
    done.values().forEach(publisher::committed);
    done.clear();
  }
}
