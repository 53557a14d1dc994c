package io.mutationapi.testing.salesforce;

import static io.mutationapi.testing.salesforce.FakeSalesforce.DEFAULT_API_LIMIT;
import static io.mutationapi.testing.salesforce.FakeSalesforce.DEFAULT_CLIENT_ID;
import static io.mutationapi.testing.salesforce.FakeSalesforce.DEFAULT_CLIENT_SECRET;
import static io.mutationapi.testing.salesforce.FakeSalesforce.DEFAULT_MAX_RECORDED_CALLS;

import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The settings of {@link FakeSalesforce.Builder}, with the public setters it inherits: each checks
 * its arguments as it is called ({@link NullPointerException}, {@link IllegalArgumentException})
 * and returns the builder, which adds {@code start()}. Package-private so that only the builder is
 * public; sealed so that {@code this} is always that builder. Mutable, not thread-safe.
 */
abstract sealed class FakeOptions permits FakeSalesforce.Builder {
  String host = "127.0.0.1";
  int port;
  String clientId = DEFAULT_CLIENT_ID;
  String clientSecret = DEFAULT_CLIENT_SECRET;
  long apiLimit = DEFAULT_API_LIMIT;
  int maxRecordedCalls = DEFAULT_MAX_RECORDED_CALLS;
  Consumer<String> requestLog;
  Clock clock = Clock.systemUTC();
  Duration tokenLifetime;
  final List<TokenEndpoint.JwtUser> jwtUsers = new ArrayList<>();
  final List<SObjectDefinition> sobjects = new ArrayList<>();

  FakeOptions() {}

  private FakeSalesforce.Builder self() {
    return (FakeSalesforce.Builder) this;
  }

  /** The port to listen on; 0 (the default) picks a free one. */
  public FakeSalesforce.Builder port(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0 to 65535: " + port);
    }
    this.port = port;
    return self();
  }

  /** The address to listen on; 127.0.0.1 by default. */
  public FakeSalesforce.Builder host(String host) {
    this.host = Objects.requireNonNull(host, "host");
    return self();
  }

  /** The client id and secret the client-credentials grant accepts. */
  public FakeSalesforce.Builder clientCredentials(String clientId, String clientSecret) {
    this.clientId = Objects.requireNonNull(clientId, "clientId");
    this.clientSecret = Objects.requireNonNull(clientSecret, "clientSecret");
    return self();
  }

  /** A user for the JWT-bearer grant; see {@link FakeSalesforce#addJwtUser}. */
  public FakeSalesforce.Builder jwtUser(String clientId, String username, PublicKey publicKey) {
    jwtUsers.add(
        new TokenEndpoint.JwtUser(
            Objects.requireNonNull(clientId),
            Objects.requireNonNull(username),
            Objects.requireNonNull(publicKey)));
    return self();
  }

  /**
   * How many calls {@link FakeSalesforce#calls()} keeps, the oldest dropped first; 0 keeps none
   * (for long benchmarks). {@value FakeSalesforce#DEFAULT_MAX_RECORDED_CALLS} by default.
   */
  public FakeSalesforce.Builder maxRecordedCalls(int maxRecordedCalls) {
    if (maxRecordedCalls < 0) {
      throw new IllegalArgumentException(
          "maxRecordedCalls must not be negative: " + maxRecordedCalls);
    }
    this.maxRecordedCalls = maxRecordedCalls;
    return self();
  }

  /**
   * Where to write one line per answered call ({@code POST /services/... -> 200}), for people
   * watching a fake run by hand; none by default. Called on the fake's threads.
   */
  public FakeSalesforce.Builder requestLog(Consumer<String> requestLog) {
    this.requestLog = Objects.requireNonNull(requestLog, "requestLog");
    return self();
  }

  /** The daily API allocation; {@value FakeSalesforce#DEFAULT_API_LIMIT} by default. */
  public FakeSalesforce.Builder apiLimit(long apiLimit) {
    if (apiLimit < 0) {
      throw new IllegalArgumentException("apiLimit must not be negative: " + apiLimit);
    }
    this.apiLimit = apiLimit;
    return self();
  }

  /**
   * The clock for timestamps, token issue times and JWT expiry; the system UTC clock by default.
   */
  public FakeSalesforce.Builder clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return self();
  }

  /**
   * How long a token stays valid after it is issued (by the clock); without it, tokens are valid
   * until {@link FakeSalesforce#expireTokens()} or {@link FakeSalesforce#expireTokensAfter}.
   */
  public FakeSalesforce.Builder tokenLifetime(Duration tokenLifetime) {
    Objects.requireNonNull(tokenLifetime, "tokenLifetime");
    if (tokenLifetime.isNegative() || tokenLifetime.isZero()) {
      throw new IllegalArgumentException("tokenLifetime must be positive: " + tokenLifetime);
    }
    this.tokenLifetime = tokenLifetime;
    return self();
  }

  /** Adds an sObject type, such as a custom object; see {@link FakeSalesforce#addSObject}. */
  public FakeSalesforce.Builder sobject(SObjectDefinition definition) {
    sobjects.add(Objects.requireNonNull(definition, "definition"));
    return self();
  }
}
