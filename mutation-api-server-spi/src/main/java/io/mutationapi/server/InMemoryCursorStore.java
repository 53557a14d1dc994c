package io.mutationapi.server;

import io.mutationapi.server.spi.CursorStore;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link CursorStore} in memory, the default: cursors last as long as the object, so a new
 * process backfills again. Right for tests and demos; give a server that restarts a durable store
 * ({@code JdbcCursorStore}). Thread-safe; never fails.
 */
public final class InMemoryCursorStore implements CursorStore {
  private final Map<String, String> cursors = new ConcurrentHashMap<>();

  /** Creates an empty store. */
  public InMemoryCursorStore() {}

  @Override
  public Optional<String> load(String syncId, String collectionId) {
    return Optional.ofNullable(cursors.get(key(syncId, collectionId)));
  }

  @Override
  public void save(String syncId, String collectionId, String cursor) {
    cursors.put(key(syncId, collectionId), Objects.requireNonNull(cursor, "cursor"));
  }

  private static String key(String syncId, String collectionId) {
    return Objects.requireNonNull(syncId, "syncId")
        + '\u0000'
        + Objects.requireNonNull(collectionId, "collectionId");
  }

  @Override
  public String toString() {
    return "InMemoryCursorStore{cursors=" + cursors.size() + "}";
  }
}
