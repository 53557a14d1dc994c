package io.mutationapi.jdbc;

import io.mutationapi.server.spi.IdempotencyStore;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * An {@link IdempotencyStore} in a PostgreSQL table, shared by every server node that uses the same
 * database: a retry that lands on another node still gets the first answer.
 *
 * <p>One row per (scope, key): the request body's digest, and once the request has finished its
 * status and body. Keys are scoped by the handler per credential, so two callers never see each
 * other's responses. A claim is one {@code INSERT ... ON CONFLICT DO NOTHING}, so of two concurrent
 * claims on any nodes exactly one acquires the key. Rows older than the retention (24 hours by
 * default) are forgotten. A claim that was never finished (its node died, or its response could not
 * be stored) is {@linkplain Claim.Abandoned abandoned} after {@link Builder#abandonedAfter} (15
 * minutes by default; keep it longer than any request may run, awaits included): its request may
 * have reached the upstream, so it is never run again; a resend is answered that the outcome is
 * unknown until the retention forgets the key. Expired rows are deleted now and then by claims, or
 * by {@link #purgeExpired()}.
 *
 * <pre>{@code
 * JdbcIdempotencyStore store = JdbcIdempotencyStore.builder(dataSource).build();
 * store.createTableIfNotExists();
 * MutationServer.builder()....idempotencyStore(store)
 * }</pre>
 *
 * <p>JDBC blocks: claims and finishes run on the calling thread unless an {@link Builder#executor}
 * is set. Thread-safe.
 */
public final class JdbcIdempotencyStore implements IdempotencyStore {
  /** The default table name. */
  public static final String DEFAULT_TABLE = "mutation_idempotency_keys";

  private static final int PURGE_EVERY = 1000;
  private static final int CLAIM_ATTEMPTS = 5;

  private final DataSource dataSource;
  private final String table;
  private final Duration retention;
  private final Duration abandonedAfter;
  private final Clock clock;
  private final Executor executor;
  private final AtomicLong claims = new AtomicLong();

  private JdbcIdempotencyStore(Builder b) {
    this.dataSource = b.dataSource;
    this.table = Identifiers.quote(SqlDialect.POSTGRESQL, b.table);
    this.retention = b.retention;
    this.abandonedAfter = b.abandonedAfter;
    this.clock = b.clock;
    this.executor = b.executor;
  }

  /** Returns a builder of a store in the PostgreSQL database of {@code dataSource}. */
  public static Builder builder(DataSource dataSource) {
    return new Builder(dataSource);
  }

  /**
   * Creates the table unless it exists.
   *
   * @throws SQLException if the database refuses
   */
  public void createTableIfNotExists() throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS "
              + table
              + " (scope text NOT NULL, idempotency_key text NOT NULL,"
              + " request_digest bytea NOT NULL, status integer, body bytea,"
              + " changed_at timestamptz NOT NULL, PRIMARY KEY (scope, idempotency_key))");
    }
  }

  @Override
  public CompletionStage<Claim> claim(String scope, String key, byte[] requestDigest) {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(requestDigest, "requestDigest");
    return run(() -> claimNow(scope, key, requestDigest));
  }

  @Override
  public CompletionStage<Void> finish(
      String scope, String key, Optional<StoredHttpResponse> response) {
    return run(
        () -> {
          finishNow(scope, key, response);
          return null;
        });
  }

  /**
   * Deletes the rows older than the retention, and returns how many.
   *
   * @throws SQLException if the database refuses
   */
  public int purgeExpired() throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement("DELETE FROM " + table + " WHERE changed_at < ?")) {
      s.setTimestamp(1, Timestamp.from(clock.instant().minus(retention)));
      return s.executeUpdate();
    }
  }

  private Claim claimNow(String scope, String key, byte[] digest) throws SQLException {
    if (claims.incrementAndGet() % PURGE_EVERY == 0) {
      purgeExpired();
    }
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(true);
      for (int attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
        Instant now = clock.instant();
        // An expired row no longer holds the key. An abandoned claim still does: its request may
        // have reached the upstream, so running it again could apply it twice.
        try (PreparedStatement s =
            c.prepareStatement(
                "DELETE FROM "
                    + table
                    + " WHERE scope = ? AND idempotency_key = ? AND changed_at < ?")) {
          s.setString(1, scope);
          s.setString(2, key);
          s.setTimestamp(3, Timestamp.from(now.minus(retention)));
          s.executeUpdate();
        }
        try (PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO "
                    + table
                    + " (scope, idempotency_key, request_digest, changed_at) VALUES (?, ?, ?, ?)"
                    + " ON CONFLICT (scope, idempotency_key) DO NOTHING")) {
          s.setString(1, scope);
          s.setString(2, key);
          s.setBytes(3, digest);
          s.setTimestamp(4, Timestamp.from(now));
          if (s.executeUpdate() == 1) {
            return new Claim.Acquired();
          }
        }
        try (PreparedStatement s =
            c.prepareStatement(
                "SELECT request_digest, status, body, changed_at FROM "
                    + table
                    + " WHERE scope = ? AND idempotency_key = ?")) {
          s.setString(1, scope);
          s.setString(2, key);
          try (ResultSet r = s.executeQuery()) {
            if (!r.next()) {
              continue; // finished without a response and forgotten meanwhile: claim again
            }
            if (!MessageDigest.isEqual(r.getBytes(1), digest)) {
              return new Claim.Mismatch();
            }
            int status = r.getInt(2);
            if (r.wasNull()) {
              Instant claimedAt = r.getTimestamp(4).toInstant();
              return claimedAt.isBefore(now.minus(abandonedAfter))
                  ? new Claim.Abandoned()
                  : new Claim.InProgress();
            }
            return new Claim.Completed(new StoredHttpResponse(status, r.getBytes(3)));
          }
        }
      }
    }
    // The key keeps appearing and vanishing: another request with it is busy.
    return new Claim.InProgress();
  }

  private void finishNow(String scope, String key, Optional<StoredHttpResponse> response)
      throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(true);
      if (response.isPresent()) {
        try (PreparedStatement s =
            c.prepareStatement(
                "UPDATE "
                    + table
                    + " SET status = ?, body = ?, changed_at = ?"
                    + " WHERE scope = ? AND idempotency_key = ?")) {
          s.setInt(1, response.get().status());
          s.setBytes(2, response.get().body());
          s.setTimestamp(3, Timestamp.from(clock.instant()));
          s.setString(4, scope);
          s.setString(5, key);
          s.executeUpdate();
        }
      } else {
        try (PreparedStatement s =
            c.prepareStatement(
                "DELETE FROM " + table + " WHERE scope = ? AND idempotency_key = ?")) {
          s.setString(1, scope);
          s.setString(2, key);
          s.executeUpdate();
        }
      }
    }
  }

  /** SQL work that may fail. */
  @FunctionalInterface
  private interface SqlWork<T> {
    T run() throws SQLException;
  }

  private <T> CompletionStage<T> run(SqlWork<T> work) {
    Supplier<T> task =
        () -> {
          try {
            return work.run();
          } catch (SQLException e) {
            throw new IllegalStateException(
                "idempotency store failed (SQLState " + e.getSQLState() + ")", e);
          }
        };
    if (executor != null) {
      return CompletableFuture.supplyAsync(task, executor);
    }
    try {
      return CompletableFuture.completedFuture(task.get());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public String toString() {
    return "JdbcIdempotencyStore{table=" + table + ", retention=" + retention + "}";
  }

  /** Builds a {@link JdbcIdempotencyStore}. Not thread-safe. */
  public static final class Builder {
    private final DataSource dataSource;
    private String table = DEFAULT_TABLE;
    private Duration retention = Duration.ofHours(24);
    private Duration abandonedAfter = Duration.ofMinutes(15);
    private Clock clock = Clock.systemUTC();
    private Executor executor;

    Builder(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /**
     * Sets the table name: a plain identifier (letters, digits, underscores), always quoted. The
     * default is {@link #DEFAULT_TABLE}.
     */
    public Builder table(String table) {
      this.table = Identifiers.check(table, "table");
      return this;
    }

    /** Sets how long a finished response is kept for replay; the default is 24 hours. */
    public Builder retention(Duration retention) {
      if (retention.isNegative() || retention.isZero()) {
        throw new IllegalArgumentException("retention must be positive: " + retention);
      }
      this.retention = retention;
      return this;
    }

    /**
     * Sets after how long a claim that was never finished (its server died, or its response could
     * not be stored) is answered as {@linkplain Claim.Abandoned abandoned} instead of in progress;
     * the default is 15 minutes. Keep it longer than any request may run, awaits included. The key
     * is never run again before the retention forgets it.
     */
    public Builder abandonedAfter(Duration abandonedAfter) {
      if (abandonedAfter.isNegative() || abandonedAfter.isZero()) {
        throw new IllegalArgumentException("abandonedAfter must be positive: " + abandonedAfter);
      }
      this.abandonedAfter = abandonedAfter;
      return this;
    }

    /** Sets the clock of the retention; for tests. The default is the system clock, UTC. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets the executor that the database calls run on, so the server's threads never wait for the
     * database. By default they run on the calling thread.
     */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /** Returns the store. Call {@link #createTableIfNotExists()} once before using it. */
    public JdbcIdempotencyStore build() {
      return new JdbcIdempotencyStore(this);
    }
  }
}
