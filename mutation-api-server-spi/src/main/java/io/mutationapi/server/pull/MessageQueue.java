package io.mutationapi.server.pull;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The messages one HTTP consumer holds, and which of them may be handed out next: a record's
 * versions one at a time in stream order, partitions in turn, each partition in offset order.
 *
 * <p>Handed-out messages are kept in the order they were handed out, which is the order of their
 * deadlines, since every message of a consumer has the same ack wait. Not thread-safe: guarded by
 * the owning {@link HttpConsumer}'s lock.
 */
final class MessageQueue {
  private static final Comparator<Message> BY_OFFSET = Comparator.comparingLong(Message::offset);

  private final Map<Long, Message> held = new HashMap<>();
  private final Map<Message.Key, ArrayDeque<Message>> byKey = new HashMap<>();
  private final Map<Integer, PriorityQueue<Message>> ready = new HashMap<>();
  private final ArrayDeque<Integer> turns = new ArrayDeque<>();
  private final LinkedHashMap<Long, Message> inFlight = new LinkedHashMap<>();

  /** Takes {@code message} in; it is ready unless an earlier version of its record is held. */
  void add(Message message) {
    held.put(message.seq, message);
    ArrayDeque<Message> versions = byKey.computeIfAbsent(message.key, k -> new ArrayDeque<>(1));
    versions.add(message);
    if (versions.size() == 1) {
      makeReady(message);
    }
  }

  /** Returns the held message {@code seq}, or null if it is not held (acked, dropped, never). */
  Message get(long seq) {
    return held.get(seq);
  }

  /**
   * Hands out the next ready message, or returns null if none is ready or {@code maxInFlight} are
   * handed out; it becomes in flight until {@code deadlineNanos}.
   */
  Message next(int maxInFlight, long deadlineNanos) {
    if (inFlight.size() >= maxInFlight) {
      return null;
    }
    Integer partition = turns.poll();
    if (partition == null) {
      return null;
    }
    PriorityQueue<Message> queue = ready.get(partition);
    Message message = queue.poll();
    if (queue.isEmpty()) {
      ready.remove(partition);
    } else {
      turns.add(partition);
    }
    message.state = Message.State.IN_FLIGHT;
    message.deliveries++;
    message.deadlineNanos = deadlineNanos;
    inFlight.put(message.seq, message);
    return message;
  }

  /** Forgets {@code message} (acked or dropped); the next version of its record becomes ready. */
  void finish(Message message) {
    held.remove(message.seq);
    if (message.state == Message.State.IN_FLIGHT) {
      inFlight.remove(message.seq);
    } else if (message.state == Message.State.READY) {
      unready(message);
    }
    ArrayDeque<Message> versions = byKey.get(message.key);
    versions.remove(message);
    if (versions.isEmpty()) {
      byKey.remove(message.key);
    } else if (versions.peekFirst().state == Message.State.BLOCKED) {
      makeReady(versions.peekFirst());
    }
  }

  /** Makes the in-flight {@code message} visible again at once. */
  void release(Message message) {
    inFlight.remove(message.seq);
    makeReady(message);
  }

  /**
   * Returns the in-flight messages whose deadline is at or before {@code nowNanos}, oldest first.
   */
  List<Message> expired(long nowNanos) {
    List<Message> expired = new ArrayList<>();
    for (Iterator<Message> it = inFlight.values().iterator(); it.hasNext(); ) {
      Message message = it.next();
      if (message.deadlineNanos - nowNanos > 0) {
        break;
      }
      expired.add(message);
    }
    return expired;
  }

  /** Returns the earliest in-flight deadline, or null if nothing is in flight. */
  Long nextDeadline() {
    Iterator<Message> it = inFlight.values().iterator();
    return it.hasNext() ? it.next().deadlineNanos : null;
  }

  /** Returns how many held messages are not in flight. */
  int numPending() {
    return held.size() - inFlight.size();
  }

  /** Returns how many messages are in flight. */
  int numAckPending() {
    return inFlight.size();
  }

  /** Forgets everything. */
  void clear() {
    held.clear();
    byKey.clear();
    ready.clear();
    turns.clear();
    inFlight.clear();
  }

  private void makeReady(Message message) {
    message.state = Message.State.READY;
    PriorityQueue<Message> queue = ready.get(message.partition());
    if (queue == null) {
      queue = new PriorityQueue<>(BY_OFFSET);
      ready.put(message.partition(), queue);
      turns.add(message.partition());
    }
    queue.add(message);
  }

  private void unready(Message message) {
    PriorityQueue<Message> queue = ready.get(message.partition());
    queue.remove(message);
    if (queue.isEmpty()) {
      ready.remove(message.partition());
      turns.remove(message.partition());
    }
  }
}
