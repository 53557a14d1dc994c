package io.mutationapi.client;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * The {@code OkHttpClient} a {@link MutationClient} sends with: its own pools when the caller gave
 * none, and in every case OkHttp's silent retries, redirects and call timeout turned off, {@code
 * TCP_NODELAY} on its sockets, and this library's interceptors added once; and closing the pools of
 * a client that owns them.
 */
final class OkHttpClients {
  private OkHttpClients() {}

  /** Returns a builder with pools sized for long awaits, for a client that owns them. */
  static OkHttpClient.Builder owned() {
    // Awaits hold a request open for up to minutes, so OkHttp's default of 5 concurrent calls
    // per host would queue callers behind each other.
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequests(256);
    dispatcher.setMaxRequestsPerHost(256);
    // Pooled connections are dropped after 4 s idle, before common servers drop them (Node's
    // default is 5 s; OkHttp's own, 5 minutes, outlives most load balancers' idle timeouts).
    return new OkHttpClient.Builder()
        .dispatcher(dispatcher)
        .connectionPool(new ConnectionPool(5, 4, TimeUnit.SECONDS));
  }

  /**
   * Configures {@code http} as this library needs it, and builds it; its sockets come from {@code
   * sockets} (the caller's own factory, or the default) with {@code TCP_NODELAY} on.
   */
  static OkHttpClient configure(
      OkHttpClient.Builder http,
      SocketFactory sockets,
      Duration connectTimeout,
      Duration readTimeout) {
    // Following a 301 or 302 would turn the POST into a GET; a redirect is reported instead.
    http.socketFactory(NoDelaySocketFactory.wrap(sockets))
        .retryOnConnectionFailure(false)
        .followRedirects(false)
        .connectTimeout(connectTimeout)
        .readTimeout(readTimeout)
        .callTimeout(Duration.ZERO); // the retry loop sets each call's deadline itself
    if (http.interceptors().stream().noneMatch(i -> i instanceof AttemptTimeouts.Applier)) {
      http.addInterceptor(new AttemptTimeouts.Applier());
    }
    if (http.networkInterceptors().stream().noneMatch(i -> i instanceof ConnectionGuard)) {
      // First, so that it sees the answer as the server sent it, after any of the caller's own.
      http.networkInterceptors().add(0, new ConnectionGuard());
    }
    return http.build();
  }

  /** Stops the threads of an owned client, cancels its calls and closes its idle connections. */
  static void close(OkHttpClient http) {
    http.dispatcher().executorService().shutdown();
    http.dispatcher().cancelAll();
    http.connectionPool().evictAll();
  }

  /** Whether {@code http}'s pools were closed, by this client or by the one it derives from. */
  static boolean isClosed(OkHttpClient http) {
    return http.dispatcher().executorService().isShutdown();
  }
}
