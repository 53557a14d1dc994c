package io.mutationapi.server.webhook;

import io.mutationapi.MutationResult;
import io.mutationapi.Record;
import io.mutationapi.WireJson;
import io.mutationapi.internal.Futures;
import io.mutationapi.server.spi.BatchResult;
import io.mutationapi.server.spi.ChangeEvent;
import io.mutationapi.server.spi.Consumer;
import io.mutationapi.webhook.WebhookSignature;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consumer that POSTs every batch to a URL as JSON and counts it processed when the URL answers
 * 2xx.
 *
 * <pre>{@code
 * WebhookConsumer webhook = WebhookConsumer.builder()
 *     .url("https://example.com/hooks/contacts")
 *     .secret(System.getenv("WEBHOOK_SECRET"))
 *     .build();
 * MutationServer.builder().consumer("crm-hook", webhook, "salesforce:contact") ...
 * }</pre>
 *
 * <p>The body is {@code {"records": [...]}}, the records exactly as {@code POST /v1/mutations/run}
 * answers them, in stream order. Headers: {@code Content-Type: application/json}; {@link
 * WebhookSignature#HEADER} with an HMAC-SHA256 signature that receivers check with {@link
 * WebhookSignature#verify}; and {@code X-Mutation-Delivery}, the same for every attempt of a batch
 * ({@code <partition>-<first offset>-<last offset>}), for receivers that want to drop duplicates.
 * Delivery is at least once: a receiver must tolerate a batch it has seen, and can use each
 * record's {@code updated_idx} to keep the newest version.
 *
 * <p>Each attempt times out after {@link Builder#timeout}. A failed attempt (a status other than
 * 2xx, a timeout, a connection error) is retried with exponential backoff and jitter, signed afresh
 * each time, until the batch is older than {@link Builder#maxAge}; then the batch goes to the
 * {@link WebhookDeadLetterHandler} and the consumer moves on, so the stream does not stall behind a
 * webhook that is down. Requests awaiting this consumer time out rather than hang meanwhile.
 *
 * <p>Threading: no thread is held while waiting for the webhook or for a retry. Thread-safe;
 * batches of different partitions are sent concurrently. {@link #close()} stops retrying.
 */
public final class WebhookConsumer implements Consumer, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WebhookConsumer.class);

  /** The request header that is the same for every attempt of a batch. */
  public static final String DELIVERY_HEADER = "X-Mutation-Delivery";

  private final URI url;
  private final String safeUrl;
  private final WebhookSignature signature;
  private final HttpClient client;
  private final Duration timeout;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final Duration maxAge;
  private final WebhookDeadLetterHandler deadLetters;
  private final Clock clock;
  private final Map<String, String> headers;
  private volatile boolean closed;

  private WebhookConsumer(Builder b) {
    this.url = b.url;
    this.safeUrl = withoutSecrets(b.url);
    this.signature = b.signature;
    this.timeout = b.timeout;
    this.client =
        b.client != null
            ? b.client
            : HttpClient.newBuilder()
                .connectTimeout(b.timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
    this.maxAge = b.maxAge;
    this.deadLetters = b.deadLetters != null ? b.deadLetters : this::logDeadLetter;
    this.clock = b.clock;
    this.headers = Map.copyOf(b.headers);
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Sends {@code batch} and completes when the webhook accepted it, or when it was given to the
   * dead-letter handler after the maximum age. Fails if the handler throws or the consumer is
   * closed, for the stream to deliver the batch again.
   */
  @Override
  public CompletionStage<Void> process(List<ChangeEvent> batch) {
    return processBatch(batch).thenApply(result -> null);
  }

  /**
   * Sends {@code batch} as {@link #process} does, and reports a batch given to the dead-letter
   * handler as not applied, so a request still awaiting it is answered {@code record_not_applied}
   * rather than success.
   */
  @Override
  public CompletionStage<BatchResult> processBatch(List<ChangeEvent> batch) {
    List<ChangeEvent> events = List.copyOf(batch);
    if (events.isEmpty()) {
      return CompletableFuture.completedFuture(BatchResult.allApplied());
    }
    List<Record> records = new ArrayList<>(events.size());
    for (ChangeEvent event : events) {
      records.add(event.record());
    }
    ChangeEvent first = events.get(0);
    ChangeEvent last = events.get(events.size() - 1);
    Delivery delivery =
        new Delivery(
            events,
            WireJson.writeResult(new MutationResult(records)),
            first.position().partition()
                + "-"
                + first.position().offset()
                + "-"
                + last.position().offset());
    delivery.attempt();
    return delivery.done;
  }

  /**
   * Stops retrying: batches waiting for a retry fail instead, and the stream keeps them. Requests
   * already sent may still complete. The HTTP client is not closed.
   */
  @Override
  public void close() {
    closed = true;
  }

  /** One batch on its way: its attempts, until it is accepted or given up. */
  private final class Delivery {
    final List<ChangeEvent> events;
    final byte[] body;
    final String id;
    final long started = System.nanoTime();
    final CompletableFuture<BatchResult> done = new CompletableFuture<>();
    int attempts;

    Delivery(List<ChangeEvent> events, byte[] body, String id) {
      this.events = events;
      this.body = body;
      this.id = id;
    }

    void attempt() {
      if (closed) {
        done.completeExceptionally(
            new IllegalStateException("webhook consumer for " + safeUrl + " is closed"));
        return;
      }
      attempts++;
      HttpRequest.Builder request =
          HttpRequest.newBuilder(url)
              .timeout(timeout)
              .header("Content-Type", "application/json")
              .header(WebhookSignature.HEADER, signature.sign(clock.instant(), body))
              .header(DELIVERY_HEADER, id)
              .POST(HttpRequest.BodyPublishers.ofByteArray(body));
      headers.forEach(request::header);
      CompletableFuture<HttpResponse<Void>> response;
      try {
        response = client.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding());
      } catch (RuntimeException e) {
        failed(failure(-1, e));
        return;
      }
      response.whenComplete(
          (r, error) -> {
            if (error != null) {
              failed(failure(-1, Futures.unwrap(error)));
            } else if (r.statusCode() >= 200 && r.statusCode() < 300) {
              done.complete(BatchResult.allApplied());
            } else {
              failed(failure(r.statusCode(), null));
            }
          });
    }

    private WebhookDeliveryException failure(int status, Throwable error) {
      String what =
          status >= 0
              ? "answered " + status
              : "failed: " + (error == null ? "no answer" : error.getClass().getSimpleName());
      return new WebhookDeliveryException(
          "POST " + safeUrl + " " + what + " (delivery " + id + ", attempt " + attempts + ")",
          status,
          attempts,
          error);
    }

    private void failed(WebhookDeliveryException failure) {
      long delay = backoffNanos(attempts);
      long age = System.nanoTime() - started;
      if (age + delay > maxAge.toNanos()) {
        giveUp(failure);
        return;
      }
      if (attempts == 1) {
        log.warn("{}; retrying for up to {}", failure.getMessage(), maxAge);
      } else {
        log.debug("{}; retrying in {} ms", failure.getMessage(), delay / 1_000_000);
      }
      CompletableFuture.delayedExecutor(delay, TimeUnit.NANOSECONDS).execute(this::attempt);
    }

    private void giveUp(WebhookDeliveryException failure) {
      try {
        deadLetters.deadLetter(events, failure);
        String reason =
            "the webhook never accepted it and it was dead-lettered: " + failure.getMessage();
        List<BatchResult.Skipped> skipped = new ArrayList<>(events.size());
        for (ChangeEvent event : events) {
          skipped.add(new BatchResult.Skipped(event, reason));
        }
        done.complete(new BatchResult(skipped));
      } catch (RuntimeException | Error e) {
        e.addSuppressed(failure);
        done.completeExceptionally(e);
      }
    }
  }

  /** Doubles from the initial backoff up to the maximum, then takes 80 to 100 % of it. */
  private long backoffNanos(int attempt) {
    long nanos = initialBackoff.toNanos();
    for (int i = 1; i < attempt && nanos < maxBackoff.toNanos(); i++) {
      nanos *= 2;
    }
    nanos = Math.min(nanos, maxBackoff.toNanos());
    return nanos - (long) (nanos * 0.2 * ThreadLocalRandom.current().nextDouble());
  }

  private void logDeadLetter(List<ChangeEvent> batch, WebhookDeliveryException failure) {
    ChangeEvent first = batch.get(0);
    log.error(
        "Gave up on {} events of partition {} (offsets {} to {}) after {}: {}. They are not"
            + " delivered; set WebhookConsumer.Builder.deadLetter(...) to keep them.",
        batch.size(),
        first.position().partition(),
        first.position().offset(),
        batch.get(batch.size() - 1).position().offset(),
        maxAge,
        failure.getMessage());
  }

  /** The URL as messages show it: no user info, no query, no fragment (they may hold tokens). */
  private static String withoutSecrets(URI url) {
    return url.getScheme()
        + "://"
        + url.getHost()
        + (url.getPort() < 0 ? "" : ":" + url.getPort())
        + (url.getRawPath() == null ? "" : url.getRawPath());
  }

  /** Returns the URL without query or user info, and the timings; never the secret. */
  @Override
  public String toString() {
    return "WebhookConsumer{url=" + safeUrl + ", timeout=" + timeout + ", maxAge=" + maxAge + "}";
  }

  /** Builds a {@link WebhookConsumer}. Not thread-safe. */
  public static final class Builder {
    private URI url;
    private WebhookSignature signature;
    private HttpClient client;
    private Duration timeout = Duration.ofSeconds(10);
    private Duration initialBackoff = Duration.ofSeconds(1);
    private Duration maxBackoff = Duration.ofMinutes(1);
    private Duration maxAge = Duration.ofMinutes(15);
    private WebhookDeadLetterHandler deadLetters;
    private Clock clock = Clock.systemUTC();
    private final Map<String, String> headers = new LinkedHashMap<>();

    Builder() {}

    /**
     * Sets the URL batches are POSTed to.
     *
     * @throws IllegalArgumentException if it is not an absolute http or https URL
     */
    public Builder url(URI url) {
      Objects.requireNonNull(url, "url");
      String scheme =
          url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
        throw new IllegalArgumentException(
            "url must be an absolute http or https URL: " + withoutSecrets(url));
      }
      this.url = url;
      return this;
    }

    /**
     * Sets the URL batches are POSTed to.
     *
     * @throws IllegalArgumentException if it is not an absolute http or https URL
     */
    public Builder url(String url) {
      return url(URI.create(Objects.requireNonNull(url, "url")));
    }

    /**
     * Sets the secret the body is signed with; the receiver verifies with the same secret.
     *
     * @throws IllegalArgumentException if it is empty
     */
    public Builder secret(String secret) {
      this.signature = WebhookSignature.of(secret);
      return this;
    }

    /**
     * Sets the HTTP client, to share one or to configure TLS, a proxy or an executor. By default
     * the consumer makes one with a connect timeout of {@link #timeout} that does not follow
     * redirects.
     */
    public Builder httpClient(HttpClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /** Sets how long one attempt may take, until the whole answer; the default is 10 s. */
    public Builder timeout(Duration timeout) {
      this.timeout = positive(timeout, "timeout");
      return this;
    }

    /**
     * Sets the wait before the first retry, doubling per failure up to {@code max}; the defaults
     * are 1 s and 1 min.
     */
    public Builder retryBackoff(Duration initial, Duration max) {
      positive(initial, "initial backoff");
      if (max.compareTo(initial) < 0) {
        throw new IllegalArgumentException(
            "max backoff must be at least the initial one: " + initial + ", " + max);
      }
      this.initialBackoff = initial;
      this.maxBackoff = max;
      return this;
    }

    /**
     * Sets how long a batch is retried before it goes to the dead-letter handler; the default is 15
     * minutes. Keep it longer than requests await this consumer.
     */
    public Builder maxAge(Duration maxAge) {
      this.maxAge = positive(maxAge, "maxAge");
      return this;
    }

    /**
     * Sets who takes batches given up after the maximum age. By default they are logged (ids and
     * positions, no data) and dropped.
     */
    public Builder deadLetter(WebhookDeadLetterHandler handler) {
      this.deadLetters = Objects.requireNonNull(handler, "handler");
      return this;
    }

    /**
     * Adds a header to every request, for example the credentials of a gateway in front of the
     * receiver. Values are never shown by {@link #toString()}.
     *
     * @throws IllegalArgumentException if the JDK's HTTP client does not let callers set {@code
     *     name} (such as {@code Host} or {@code Content-Length}), if it is one the consumer sets
     *     itself, or if the name or value is not valid in HTTP
     */
    public Builder header(String name, String value) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      for (String own : List.of("Content-Type", WebhookSignature.HEADER, DELIVERY_HEADER)) {
        if (own.equalsIgnoreCase(name)) {
          throw new IllegalArgumentException("the consumer sets " + own + " itself");
        }
      }
      // Checked now, not at the first delivery: the JDK refuses restricted and malformed headers.
      HttpRequest.newBuilder().header(name, value);
      headers.put(name, value);
      return this;
    }

    /** Sets the clock of signature times; for tests. */
    Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    private static Duration positive(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive: " + d);
      }
      return d;
    }

    /**
     * Returns the consumer.
     *
     * @throws IllegalStateException if the URL or the secret is missing
     */
    public WebhookConsumer build() {
      if (url == null) {
        throw new IllegalStateException("url is required: call url(\"https://...\")");
      }
      if (signature == null) {
        throw new IllegalStateException(
            "secret is required: call secret(...) with the secret the receiver verifies with");
      }
      return new WebhookConsumer(this);
    }
  }

  /** Returns {@code "webhook"}, this consumer's kind in the Management API. */
  @Override
  public String kind() {
    return "webhook";
  }
}
