package io.mutationapi.server.spi;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Pulls messages of HTTP consumers and acknowledges them in process, exactly as {@code POST
 * /v1/http-consumers/{id}/next}, {@code /ack} and {@code /nack} do, without HTTP.
 *
 * <p>An HTTP consumer is registered on the server with {@code MutationServer.Builder#httpConsumer};
 * any number of workers pull it. A message pulled is invisible to other workers until it is acked,
 * nacked, or its ack wait passes; a record's next version is not handed out while an earlier one is
 * pending; an ack is what tells requests awaiting the consumer that their records are processed.
 *
 * <p>A principal may pull a consumer only if it may mutate every sync that serves a collection the
 * consumer consumes; for others the consumer does not exist ({@code 404 not_found}).
 *
 * <p>Expected failures are answered as values ({@link PullOutcome.Refused}, {@link
 * AckOutcome.Refused}); the stage returned by {@link #next} never fails for them. Thread-safe.
 */
public interface ConsumeService {

  /**
   * Hands out up to {@code request.batchSize()} messages of {@code consumerId}; if none is ready,
   * waits up to {@code request.waitFor()} for the first, holding no thread while it waits.
   *
   * @return the messages (possibly none) with the consumer's counts, or why the pull was refused
   */
  CompletionStage<PullOutcome> next(String consumerId, PullRequest request, Principal principal);

  /**
   * Acknowledges the messages {@code ackTokens} name: each is processed, and is never handed out
   * again. Tokens that cannot be acked are listed in the answer; the others are acked all the same.
   */
  AckOutcome ack(String consumerId, List<String> ackTokens, Principal principal);

  /**
   * Gives back the messages {@code ackTokens} name: each becomes visible to workers again at once.
   * Tokens that cannot be nacked are listed in the answer; the others are nacked all the same.
   */
  AckOutcome nack(String consumerId, List<String> ackTokens, Principal principal);
}
