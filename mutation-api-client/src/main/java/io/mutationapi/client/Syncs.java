package io.mutationapi.client;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The syncs registered on the server, read through the Management API ({@code GET /v1/syncs}). From
 * {@link MutationClient#syncs()}.
 *
 * <p>A token sees a sync if the server's authenticator does not hide it from it; any other is not
 * found, as if it did not exist. Reads are retried like a mutation (failures before an answer, 408,
 * 429, 502, 503, 504). Thread-safe and immutable.
 */
public final class Syncs {
  private final MutationClient client;

  Syncs(MutationClient client) {
    this.client = client;
  }

  /**
   * Returns every sync this token may see, in registration order.
   *
   * @throws UnauthorizedException if the token is wrong
   * @throws MutationServiceException for another error answer
   * @throws MutationIoException if no usable answer came back
   * @throws IllegalStateException if the client is closed
   */
  public List<SyncInfo> list() {
    return listCall().execute();
  }

  /** Returns {@link #list()} without blocking; the future fails as {@code list()} throws. */
  public CompletableFuture<List<SyncInfo>> listAsync() {
    return listCall().executeAsync(Function.identity());
  }

  /**
   * Returns the sync {@code id}.
   *
   * @throws NotFoundException if there is none this token may see
   * @throws UnauthorizedException if the token is wrong
   * @throws MutationServiceException for another error answer
   * @throws MutationIoException if no usable answer came back
   * @throws IllegalStateException if the client is closed
   */
  public SyncInfo get(String id) {
    return getCall(id).execute();
  }

  /** Returns {@link #get(String)} without blocking; the future fails as {@code get} throws. */
  public CompletableFuture<SyncInfo> getAsync(String id) {
    return getCall(id).executeAsync(Function.identity());
  }

  /** Returns the client; never the token. */
  @Override
  public String toString() {
    return "Syncs{" + client + "}";
  }

  private RetryingCall<List<SyncInfo>> listCall() {
    return ApiCalls.read(
        client, ApiCalls.url(client, "v1/syncs", null), b -> InfoBodies.list(b, InfoBodies::sync));
  }

  private RetryingCall<SyncInfo> getCall(String id) {
    return ApiCalls.read(
        client,
        ApiCalls.url(client, "v1/syncs", ApiCalls.checkId(id, "syncId")),
        b -> InfoBodies.one(b, InfoBodies::sync));
  }
}
