package io.mutationapi.salesforce;

import io.mutationapi.MutationRequest;
import io.mutationapi.Record;
import io.mutationapi.server.MutationServer;
import io.mutationapi.server.spi.MutationOutcome;
import io.mutationapi.server.spi.Principal;
import io.mutationapi.server.spi.UpstreamContext;
import io.mutationapi.server.spi.UpstreamException;
import io.mutationapi.testing.RecordingConsumer;
import io.mutationapi.testing.salesforce.FakeSalesforce;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

/**
 * A fake Salesforce org on loopback, a {@link SalesforceUpstream} logged in to it with client
 * credentials, and a {@link MutationServer} whose sync {@code salesforce} writes through it, with a
 * recording consumer of its collections.
 */
final class Harness implements AutoCloseable {
  static final String SYNC = "salesforce";
  static final String CONTACT = "salesforce:contact";
  static final String ACCOUNT = "salesforce:account";
  static final String CONSUMER = "local";

  final FakeSalesforce fake;
  final SalesforceUpstream upstream;
  final RecordingConsumer consumer = new RecordingConsumer();
  final MutationServer server;

  private Harness(
      FakeSalesforce fake,
      UnaryOperator<SalesforceUpstream.Builder> configure,
      UnaryOperator<MutationServer.Builder> server) {
    this.fake = fake;
    this.upstream = configure.apply(builderFor(fake)).build();
    this.server =
        server
            .apply(
                MutationServer.builder()
                    .sync(SYNC, upstream, CONTACT, ACCOUNT)
                    .consumer(CONSUMER, consumer, CONTACT, ACCOUNT)
                    .insecureNoAuthentication())
            .build();
  }

  /** Returns a builder logged in to {@code fake} with its client credentials, short timeouts. */
  static SalesforceUpstream.Builder builderFor(FakeSalesforce fake) {
    return SalesforceUpstream.builder()
        .loginUrl(fake.url())
        .clientCredentials(fake.clientId(), fake.clientSecret())
        .connectTimeout(Duration.ofSeconds(2))
        .callTimeout(Duration.ofSeconds(10));
  }

  static Harness start() {
    return start(b -> b);
  }

  static Harness start(UnaryOperator<SalesforceUpstream.Builder> configure) {
    return new Harness(FakeSalesforce.start(), configure, s -> s);
  }

  static Harness start(
      FakeSalesforce fake,
      UnaryOperator<SalesforceUpstream.Builder> configure,
      UnaryOperator<MutationServer.Builder> server) {
    return new Harness(fake, configure, server);
  }

  /** Runs {@code request} through the server, as {@code POST /v1/mutations/run} would. */
  MutationOutcome run(MutationRequest request) {
    return join(server.service().run(request, Principal.ANONYMOUS).toCompletableFuture());
  }

  /** Runs {@code request} and returns its failure, failing the test if it succeeded. */
  MutationOutcome.Failure fail(MutationRequest request) {
    MutationOutcome outcome = run(request);
    if (!(outcome instanceof MutationOutcome.Failure)) {
      throw new AssertionError("expected a failure, got " + outcome);
    }
    return (MutationOutcome.Failure) outcome;
  }

  /** Runs {@code request} and returns its records, failing the test if it failed. */
  List<Record> succeed(MutationRequest request) {
    MutationOutcome outcome = run(request);
    if (!(outcome instanceof MutationOutcome.Success)) {
      throw new AssertionError("expected a success, got " + outcome);
    }
    return ((MutationOutcome.Success) outcome).result().records();
  }

  /** Applies {@code batch} on the upstream directly, with 30 seconds to go. */
  List<Record> apply(MutationRequest batch) {
    return join(upstream.apply(batch, context(Duration.ofSeconds(30))).toCompletableFuture());
  }

  /** Applies {@code batch} on the upstream directly and returns the failure. */
  UpstreamException applyFailure(MutationRequest batch) {
    return failure(upstream.apply(batch, context(Duration.ofSeconds(30))));
  }

  /** Returns the {@link UpstreamException} that {@code stage} fails with. */
  static UpstreamException failure(java.util.concurrent.CompletionStage<List<Record>> stage) {
    try {
      join(stage.toCompletableFuture());
    } catch (CompletionException e) {
      if (e.getCause() instanceof UpstreamException) {
        return (UpstreamException) e.getCause();
      }
      throw e;
    }
    throw new AssertionError("expected a failure");
  }

  static UpstreamContext context(Duration left) {
    return new UpstreamContext(Instant.now().plus(left), Optional.empty(), Principal.ANONYMOUS);
  }

  static <T> T join(java.util.concurrent.CompletableFuture<T> stage) {
    try {
      return stage.get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new CompletionException(e.getCause());
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError("no answer within 30 seconds", e);
    }
  }

  @Override
  public void close() {
    server.close();
    fake.close();
  }
}
