package io.mutationapi.testing.salesforce;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;

/**
 * The faults armed for coming calls, each for a number of calls a predicate selects. Thread-safe.
 */
final class FaultPlan {
  private final List<Armed> armed = new ArrayList<>();

  synchronized void add(int times, Predicate<RecordedCall> which, Fault fault) {
    armed.add(new Armed(which, fault, times));
  }

  synchronized void clear() {
    armed.clear();
  }

  /** The first armed fault that selects {@code call}, used up by one; or null. */
  synchronized Fault take(RecordedCall call) {
    for (Iterator<Armed> it = armed.iterator(); it.hasNext(); ) {
      Armed next = it.next();
      if (!next.which.test(call)) {
        continue;
      }
      if (--next.remaining == 0) {
        it.remove();
      }
      return next.fault;
    }
    return null;
  }

  private static final class Armed {
    final Predicate<RecordedCall> which;
    final Fault fault;
    int remaining;

    Armed(Predicate<RecordedCall> which, Fault fault, int remaining) {
      this.which = which;
      this.fault = fault;
      this.remaining = remaining;
    }
  }
}
