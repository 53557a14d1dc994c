package io.mutationapi.server.spi;

import io.mutationapi.MutationError;
import java.util.List;
import java.util.Objects;

/** What {@link ConsumeService#next} answers: {@link Pulled} messages or {@link Refused}. */
public sealed interface PullOutcome {

  /**
   * The messages handed out, possibly none, with the consumer's counts after this pull.
   *
   * @param messages in stream order per partition
   * @param numPending messages the server holds for this consumer that are not handed out (more may
   *     still be on the stream)
   * @param numAckPending messages handed out and not yet acked, nacked or expired
   */
  record Pulled(List<PulledMessage> messages, long numPending, long numAckPending)
      implements PullOutcome {
    /** Validates and copies. */
    public Pulled {
      messages = List.copyOf(messages);
    }
  }

  /**
   * The pull was refused: an unknown or hidden consumer ({@code 404}), a bad argument ({@code
   * 400}), a server shutting down ({@code 503}).
   *
   * @param error the error body and status
   */
  record Refused(MutationError error) implements PullOutcome {
    /** Validates. */
    public Refused {
      Objects.requireNonNull(error, "error");
    }
  }
}
