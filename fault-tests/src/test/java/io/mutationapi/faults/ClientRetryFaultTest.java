package io.mutationapi.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.MutationApiException;
import io.mutationapi.MutationRequest;
import io.mutationapi.MutationResult;
import io.mutationapi.PartialRecord;
import io.mutationapi.client.MutationClient;
import io.mutationapi.server.InMemoryConsumer;
import io.mutationapi.server.InMemoryUpstream;
import io.mutationapi.server.MutationServer;
import io.mutationapi.server.jetty.MutationHttpServer;
import io.mutationapi.server.spi.Principal;
import io.mutationapi.testing.FaultyUpstream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/**
 * Suite 4, client retries through a proxy that loses connections before, during and after the
 * request reaches the server: with idempotency keys, 1,000 logical creates make exactly 1,000
 * upstream creates.
 */
class ClientRetryFaultTest {
  private static final long SEED = 0x9B0C5EEDL;
  private static final String SYNC = "my-sync-id";
  private static final String CONTACT = "salesforce:contact";
  private static final String TOKEN = "retry-token";
  private static final int CREATES = 1000;
  private static final int CLIENTS = 48;

  @Test
  void lostConnections_areRetriedWithTheSameKey_andEachCreateHappensOnce() throws Exception {
    InMemoryUpstream store = InMemoryUpstream.create();
    FaultyUpstream upstream = FaultyUpstream.wrap(store);
    InMemoryConsumer db = new InMemoryConsumer();
    try (MutationServer server =
            MutationServer.builder()
                .sync(SYNC, upstream, CONTACT)
                .consumer("local-db", db, CONTACT)
                .bearerToken(TOKEN, Principal.of("app", SYNC))
                .build();
        LossyProxy proxy =
            new LossyProxy(MutationHttpServer.listenOnLoopback(server, 0).port(), SEED, 0.3)) {
      // No pooled connections: every attempt opens one, and meets its own fault.
      OkHttpClient http =
          new OkHttpClient.Builder()
              .connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS))
              .build();
      MutationClient client =
          MutationClient.builder()
              .baseUrl("http://127.0.0.1:" + proxy.port())
              .apiToken(TOKEN)
              .okHttpClient(http)
              .maxRetries(8)
              .readTimeout(Duration.ofSeconds(10))
              .build();
      Set<String> ids = ConcurrentHashMap.newKeySet();
      AtomicInteger gaveUp = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < CREATES; i++) {
          int n = i;
          done.add(
              pool.submit(
                  () -> {
                    MutationRequest create =
                        new MutationRequest.Create(
                            SYNC,
                            CONTACT,
                            List.of(PartialRecord.of(Map.of("LastName", "L" + n))),
                            Optional.empty());
                    String key = "create-" + SEED + "-" + n;
                    // The caller's own retry, with the same key, if the client gives up.
                    for (int attempt = 0; attempt < 20; attempt++) {
                      try {
                        MutationResult result = client.mutations().run(create, key);
                        ids.add(result.record().upstreamId());
                        return;
                      } catch (MutationApiException e) {
                        gaveUp.incrementAndGet();
                      }
                    }
                    throw new AssertionError("create " + n + " never succeeded");
                  }));
        }
        for (Future<?> f : done) {
          f.get(120, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
        client.close();
        http.dispatcher().executorService().shutdown();
      }

      assertThat(ids).as("distinct records the clients were told of").hasSize(CREATES);
      assertThat(store.size(CONTACT)).as("records the upstream holds").isEqualTo(CREATES);
      assertThat(upstream.batchCount()).as("upstream create calls").isEqualTo(CREATES);
      System.out.printf(
          "[fault-suite] client retries: inputs tried %d creates over %d connections, faults"
              + " injected %d (before %d, midway %d, after %d), client give-ups retried %d,"
              + " upstream creates %d, duplicates 0, records lost 0%n",
          CREATES,
          proxy.connections(),
          proxy.faultsInjected(),
          proxy.faults(LossyProxy.Fault.DROP_BEFORE),
          proxy.faults(LossyProxy.Fault.DROP_MIDWAY),
          proxy.faults(LossyProxy.Fault.DROP_AFTER),
          gaveUp.get(),
          upstream.batchCount());
    }
  }
}
