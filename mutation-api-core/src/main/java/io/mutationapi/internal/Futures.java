package io.mutationapi.internal;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Helpers for the stages the server and its consumers pass around. */
public final class Futures {
  private Futures() {}

  /**
   * Returns the exception a stage failed with, without the {@link CompletionException} and {@link
   * ExecutionException} wrappers that {@code CompletableFuture} adds; {@code error} itself if it
   * has none.
   */
  public static Throwable unwrap(Throwable error) {
    while ((error instanceof CompletionException || error instanceof ExecutionException)
        && error.getCause() != null) {
      error = error.getCause();
    }
    return error;
  }
}
