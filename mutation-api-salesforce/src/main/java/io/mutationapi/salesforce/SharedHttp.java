package io.mutationapi.salesforce;

import java.time.Duration;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * The {@code OkHttpClient} an upstream sends with: derived from the user's, or from one default
 * shared by every upstream built without one, with the upstream's timeouts, and OkHttp's silent
 * retries and redirects off (a silently re-sent create could create twice; a followed redirect
 * would turn a POST into a GET), and {@code TCP_NODELAY} on its sockets ({@link
 * NoDelaySocketFactory} says why).
 */
final class SharedHttp {
  private SharedHttp() {}

  /** The default client, made at first use; its threads are daemons and end when idle. */
  private static final class Default {
    static final OkHttpClient INSTANCE = create();

    private static OkHttpClient create() {
      AtomicInteger count = new AtomicInteger();
      ThreadPoolExecutor threads =
          new ThreadPoolExecutor(
              0,
              Integer.MAX_VALUE,
              60,
              TimeUnit.SECONDS,
              new SynchronousQueue<>(),
              r -> {
                Thread t = new Thread(r, "salesforce-okhttp-" + count.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
      Dispatcher dispatcher = new Dispatcher(threads);
      // Many requests at once go to one instance; OkHttp's default of 5 per host would queue them.
      dispatcher.setMaxRequests(256);
      dispatcher.setMaxRequestsPerHost(128);
      return new OkHttpClient.Builder()
          .dispatcher(dispatcher)
          // Idle connections are dropped before common servers and balancers drop them.
          .connectionPool(new ConnectionPool(32, 20, TimeUnit.SECONDS))
          .build();
    }
  }

  /** Returns the client for one upstream. */
  static OkHttpClient derive(OkHttpClient user, Duration connectTimeout, Duration callTimeout) {
    OkHttpClient base = user != null ? user : Default.INSTANCE;
    return base.newBuilder()
        .connectTimeout(connectTimeout)
        .readTimeout(callTimeout)
        .writeTimeout(callTimeout)
        .callTimeout(callTimeout)
        .retryOnConnectionFailure(false)
        .followRedirects(false)
        .followSslRedirects(false)
        .socketFactory(NoDelaySocketFactory.wrap(base.socketFactory()))
        .build();
  }
}
