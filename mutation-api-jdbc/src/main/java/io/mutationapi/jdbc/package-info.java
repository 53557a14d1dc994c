/**
 * Keeps a SQL table in sync with the change stream: {@link io.mutationapi.jdbc.JdbcTableConsumer}
 * upserts every changed record into a table through a {@code javax.sql.DataSource}, one transaction
 * per batch, and returns only after the commit, so a request that awaits it can read its own write
 * from the table as soon as it returns.
 *
 * <p>Rows are keyed by (sync_id, collection_id, upstream_id) and carry the record's {@code
 * updated_idx}; a version is written only if it is newer than the stored one, so redelivered and
 * reordered events are harmless. The record's data is kept as JSON, and chosen fields can be
 * projected into typed columns ({@link io.mutationapi.jdbc.ProjectedColumn}). Dialects: {@link
 * io.mutationapi.jdbc.SqlDialect#POSTGRESQL} and {@link io.mutationapi.jdbc.SqlDialect#H2}.
 *
 * <p>A batch that fails is rolled back whole and reported as a {@link
 * io.mutationapi.jdbc.TableWriteException}, for the stream to retry. A record that can never be
 * written (a projected field of the wrong type, a constraint it breaks) is singled out as a {@link
 * io.mutationapi.jdbc.PoisonRecordException} naming the record and the reason, and can be handed to
 * a {@link io.mutationapi.jdbc.PoisonRecordHandler} so the rest of the stream moves on. Record data
 * never appears in messages.
 */
package io.mutationapi.jdbc;
