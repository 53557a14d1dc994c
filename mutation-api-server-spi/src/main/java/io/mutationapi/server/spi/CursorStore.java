package io.mutationapi.server.spi;

import java.util.Optional;

/**
 * Where a sync keeps the cursor of each collection it reads from a {@link ChangeSource}, so that
 * after a restart it resumes where it stopped instead of reading the whole collection again.
 *
 * <p>The server saves a page's cursor only after the page's records were published, so a stored
 * cursor never runs ahead of the stream. The in-memory default is {@code
 * io.mutationapi.server.InMemoryCursorStore}; {@code JdbcCursorStore} of {@code mutation-api-jdbc}
 * keeps cursors in a SQL table.
 *
 * <p>Threading: the server calls it from its sync thread, one call at a time per (sync,
 * collection); calls may block (JDBC does). Failures: a method throws an unchecked exception (e.g.
 * {@link IllegalStateException} wrapping the cause); the server then treats the poll as failed,
 * keeps its cursor in memory and backs off, and saves again after the next page.
 */
public interface CursorStore {

  /**
   * Returns the cursor last saved for {@code collectionId} of {@code syncId}, or empty if none was
   * (the sync then backfills from the beginning).
   */
  Optional<String> load(String syncId, String collectionId);

  /** Stores {@code cursor} for {@code collectionId} of {@code syncId}, replacing the previous. */
  void save(String syncId, String collectionId, String cursor);
}
