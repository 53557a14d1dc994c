package io.mutationapi.server.pull;

import io.mutationapi.server.spi.PullOutcome;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/**
 * The pulls of one HTTP consumer that wait for a first message, first come first served. A poll is
 * a future and a timeout task on the server's timer: no thread waits. Not thread-safe: guarded by
 * the owning {@link HttpConsumer}'s lock.
 */
final class LongPolls {
  private final LinkedHashSet<Poll> waiting = new LinkedHashSet<>();

  /** One waiting pull. */
  static final class Poll {
    final String principalName;
    final int batchSize;
    final CompletableFuture<PullOutcome> answer = new CompletableFuture<>();
    ScheduledFuture<?> timeout;

    Poll(String principalName, int batchSize) {
      this.principalName = principalName;
      this.batchSize = batchSize;
    }

    /** Stops the timeout, for a poll answered before it. */
    void cancelTimeout() {
      if (timeout != null) {
        timeout.cancel(false);
      }
    }
  }

  void add(Poll poll) {
    waiting.add(poll);
  }

  /** Returns the poll waiting longest, or null. */
  Poll first() {
    Iterator<Poll> it = waiting.iterator();
    return it.hasNext() ? it.next() : null;
  }

  /** Removes {@code poll}; returns false if it was not waiting (already answered). */
  boolean remove(Poll poll) {
    return waiting.remove(poll);
  }

  /** Removes and returns every waiting poll. */
  List<Poll> removeAll() {
    List<Poll> all = new ArrayList<>(waiting);
    waiting.clear();
    return all;
  }

  int size() {
    return waiting.size();
  }
}
