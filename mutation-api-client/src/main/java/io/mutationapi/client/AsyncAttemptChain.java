package io.mutationapi.client;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Response;

/**
 * The attempts of a {@link RetryingCall} without blocking: each attempt is enqueued, its callback
 * decides, and a retry is scheduled on {@link Timing}. The future is the caller's own (not a
 * dependent stage), so that cancelling it reaches the call. The future always completes, at the
 * latest when the total deadline's timer fires; however it completes, the call in flight is
 * cancelled.
 */
final class AsyncAttemptChain<R, T> {
  private final RetryingCall<R> call;
  private final Function<R, T> answer;
  private final CompletableFuture<T> future = new CompletableFuture<>();

  /** {@code answer} turns the successful response into what the future completes with. */
  AsyncAttemptChain(RetryingCall<R> call, Function<R, T> answer) {
    this.call = call;
    this.answer = answer;
  }

  CompletableFuture<T> start() {
    Timing timing = call.timing();
    // The deadline counts from the call's creation: time spent queued behind other calls is part
    // of it.
    Runnable stopTimer =
        timing.deadline(
            () ->
                fail(
                    call.finalFailure(
                        call.failures()
                            .deadlineExceeded(null, call.isInFlight() && !queued(call.current())))),
            Math.max(0, call.deadline().remainingNanos()));
    // However the future ends (cancel, the caller's orTimeout, or us), the call in flight stops.
    future.whenComplete(
        (r, e) -> {
          stopTimer.run();
          Call current = call.current();
          if (current != null) {
            current.cancel();
          }
        });
    attempt();
    return future;
  }

  private boolean queued(Call c) {
    return c != null && call.client().http().dispatcher().queuedCalls().contains(c);
  }

  private void attempt() {
    try {
      if (future.isDone()) {
        return; // cancelled while a retry was scheduled
      }
      Call next = call.newAttempt();
      if (next == null) {
        fail(call.finalFailure(call.failures().deadlineExceeded(null, false)));
        return;
      }
      if (future.isDone()) {
        next.cancel(); // cancelled between the check above and publishing the call
        return;
      }
      long started = call.timing().nanoTime();
      next.enqueue(
          new Callback() {
            @Override
            public void onResponse(Call c, Response response) {
              call.attemptEnded();
              AttemptStep<R> step;
              try (response) {
                step = RetryDecision.afterAnswer(call, response, started);
              } catch (Throwable t) {
                // An Error here (out of memory, say) must still end the future: OkHttp calls no
                // onFailure once onResponse has started.
                step = failInClient(t, true);
              }
              handle(step);
            }

            @Override
            public void onFailure(Call c, IOException e) {
              call.attemptEnded();
              if (future.isDone()) {
                return; // the cancellation we asked for
              }
              AttemptStep<R> step;
              try {
                step = RetryDecision.afterFailure(call, e, started);
              } catch (Throwable t) {
                step = failInClient(t, RetryDecision.reachedServer(e));
              }
              handle(step);
            }
          });
    } catch (Throwable t) {
      fail(failInClient(t, call.isInFlight()).failure);
    }
  }

  private void handle(AttemptStep<R> step) {
    try {
      if (step.response != null) {
        future.complete(answer.apply(step.response));
      } else if (step.failure != null) {
        fail(step.failure);
      } else if (step.retryInNanos <= 0) {
        attempt();
      } else {
        call.timing().schedule(this::attempt, step.retryInNanos);
      }
    } catch (Throwable t) {
      fail(failInClient(t, false).failure);
    }
  }

  private void fail(RuntimeException e) {
    future.completeExceptionally(e);
  }

  /** Something failed in the client itself, not on the wire: still a failure with the key. */
  private AttemptStep<R> failInClient(Throwable t, boolean mayHaveReachedServer) {
    if (mayHaveReachedServer) {
      call.markOutcomeUnknown();
    }
    if (t instanceof MutationIoException) {
      return call.fail((MutationIoException) t);
    }
    return call.fail(call.failures().inClient(t));
  }
}
