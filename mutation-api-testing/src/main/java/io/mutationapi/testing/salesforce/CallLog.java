package io.mutationapi.testing.salesforce;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * The most recent calls received, up to a bound, and an optional one-line log of each answered call
 * for people watching the fake. Thread-safe.
 */
final class CallLog {
  private final int max;
  private final Consumer<String> requestLog;
  private final Deque<RecordedCall> calls = new ArrayDeque<>();

  CallLog(int max, Consumer<String> requestLog) {
    this.max = max;
    this.requestLog = requestLog;
  }

  synchronized void add(RecordedCall call) {
    calls.addLast(call);
    while (calls.size() > max) {
      calls.removeFirst();
    }
  }

  synchronized List<RecordedCall> all() {
    return List.copyOf(calls);
  }

  synchronized void clear() {
    calls.clear();
  }

  /** Writes {@code METHOD path -> status (fault)} to the request log, if there is one. */
  void answered(RecordedCall call, int status, Fault fault) {
    if (requestLog != null) {
      requestLog.accept(
          call.method()
              + " "
              + call.path()
              + " -> "
              + status
              + (fault == null ? "" : " (injected " + fault + ")"));
    }
  }
}
