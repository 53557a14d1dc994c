package io.mutationapi.salesforce;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * One HTTP exchange through OkHttp's asynchronous API: {@code enqueue}, never {@code execute}, so
 * no caller's thread waits. The stage completes on an OkHttp dispatcher thread with the whole
 * answer, or with the {@link IOException} of the call (a timeout is an {@link
 * java.io.InterruptedIOException}).
 */
final class Exchange {
  /** The largest answer body read; a larger one fails the exchange. */
  static final int MAX_BODY_BYTES = 64 * 1024 * 1024;

  private Exchange() {}

  static CompletableFuture<Answer> send(OkHttpClient http, Request request, Clock clock) {
    CompletableFuture<Answer> answer = new CompletableFuture<>();
    http.newCall(request)
        .enqueue(
            new Callback() {
              @Override
              public void onFailure(Call call, IOException e) {
                answer.completeExceptionally(e);
              }

              @Override
              public void onResponse(Call call, Response response) {
                try (response) {
                  byte[] body = read(response.body());
                  answer.complete(
                      new Answer(
                          response.code(),
                          response.header("Content-Type"),
                          response.header("Sforce-Limit-Info"),
                          body,
                          clock.instant()));
                } catch (IOException e) {
                  answer.completeExceptionally(e);
                } catch (RuntimeException e) {
                  answer.completeExceptionally(e);
                }
              }
            });
    return answer;
  }

  private static byte[] read(ResponseBody body) throws IOException {
    if (body == null) {
      return new byte[0];
    }
    try (InputStream in = body.byteStream()) {
      byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
      if (bytes.length > MAX_BODY_BYTES) {
        throw new IOException("answer body larger than " + MAX_BODY_BYTES + " bytes");
      }
      return bytes;
    }
  }
}
