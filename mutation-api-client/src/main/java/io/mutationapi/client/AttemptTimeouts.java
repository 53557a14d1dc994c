package io.mutationapi.client;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * The connect and read timeouts of one attempt, carried as a request tag so that every call can
 * have its own (a long await needs a long read timeout) while all calls share one {@code
 * OkHttpClient} and its pools.
 */
record AttemptTimeouts(int connectMillis, int readMillis) {

  /** Applies the tag's timeouts to the call; added once to every client this library uses. */
  static final class Applier implements Interceptor {
    @Override
    public Response intercept(Chain chain) throws IOException {
      AttemptTimeouts t = chain.request().tag(AttemptTimeouts.class);
      if (t == null) {
        return chain.proceed(chain.request());
      }
      // Each change copies the chain; most calls keep the client's own timeouts and need none.
      Chain c = chain;
      if (t.connectMillis != c.connectTimeoutMillis()) {
        c = c.withConnectTimeout(t.connectMillis, TimeUnit.MILLISECONDS);
      }
      if (t.readMillis != c.readTimeoutMillis()) {
        c = c.withReadTimeout(t.readMillis, TimeUnit.MILLISECONDS);
      }
      return c.proceed(c.request());
    }
  }
}
