package io.mutationapi.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mutationapi.MutationRequest;
import io.mutationapi.PartialRecord;
import io.mutationapi.Record;
import io.mutationapi.salesforce.SalesforceUpstream;
import io.mutationapi.server.spi.Principal;
import io.mutationapi.server.spi.UpstreamContext;
import io.mutationapi.testing.salesforce.FakeSalesforce;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.net.SocketFactory;
import okhttp3.FormBody;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.HdrHistogram.Histogram;

/**
 * The Salesforce adapter's overhead: {@code SalesforceUpstream.apply} of a 200-record and a
 * 1-record create against {@link FakeSalesforce} on loopback, each the Collections create plus the
 * read-back GET (token and describe cached after warm-up). For every call the fake's own handling
 * time ({@link FakeSalesforce#handlingTime()}, request body in to answer ready) is subtracted from
 * the caller's time, which leaves the adapter plus the HTTP transport (loopback, Jetty's parsing,
 * OkHttp). A raw OkHttp caller that sends the same two calls, pre-serialized, with the same token,
 * and parses both answers with Jackson's {@code readTree}, measures the transport alone; the
 * difference is the adapter's own work (building bodies, mapping results, the records). The raw
 * caller runs twice: with OkHttp's default sockets, which leave Nagle's algorithm on (a large
 * body's last segment waits for the server's delayed ACK), and with {@code TCP_NODELAY}, as the
 * adapter's own sockets have it; the adapter is compared with the second. Rounds alternate which
 * caller goes first; the fake's records are cleared after each call, outside the timing.
 *
 * <p>Runnable alone: {@code java -cp benchmarks/target/benchmarks.jar
 * io.mutationapi.benchmarks.SalesforceBenchmark [warm-up seconds] [measured seconds per round]}.
 */
public final class SalesforceBenchmark {
  private static final MediaType JSON = MediaType.get("application/json");
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int ROUNDS = 4;

  private final Map<String, Double> figures = new TreeMap<>();
  private final FakeSalesforce fake;
  private final SalesforceUpstream upstream;
  private final OkHttpClient raw = new OkHttpClient();
  private final OkHttpClient rawNoDelay =
      new OkHttpClient.Builder().socketFactory(new NoDelaySocketFactory()).build();
  private final String token;
  private final String fields;

  private SalesforceBenchmark(FakeSalesforce fake) throws IOException {
    this.fake = fake;
    this.upstream =
        SalesforceUpstream.builder()
            .loginUrl(fake.url())
            .clientCredentials(fake.clientId(), fake.clientSecret())
            .build();
    this.token = login();
    this.fields = describeFields();
  }

  public static void main(String[] args) throws Exception {
    long warmup = args.length > 0 ? Long.parseLong(args[0]) : 3;
    long measure = args.length > 1 ? Long.parseLong(args[1]) : 6;
    try (FakeSalesforce fake =
        FakeSalesforce.builder().maxRecordedCalls(0).apiLimit(Long.MAX_VALUE).start()) {
      SalesforceBenchmark bench = new SalesforceBenchmark(fake);
      try {
        for (int size : new int[] {200, 1}) {
          bench.run(size, Duration.ofSeconds(warmup), Duration.ofSeconds(measure));
        }
        System.out.println();
        System.out.print(SalesforceSection.markdown(bench.figures));
      } finally {
        bench.raw.dispatcher().executorService().shutdown();
        bench.raw.connectionPool().evictAll();
        bench.rawNoDelay.dispatcher().executorService().shutdown();
        bench.rawNoDelay.connectionPool().evictAll();
      }
    }
  }

  private void run(int size, Duration warmup, Duration measure) throws Exception {
    MutationRequest.Create batch = Fixtures.create(size, false);
    byte[] body = collectionsBody(batch);
    Call viaAdapter = () -> apply(upstream, batch, size);
    Call viaOkHttp = () -> rawCreateAndRead(raw, body, size);
    Call viaOkHttpNoDelay = () -> rawCreateAndRead(rawNoDelay, body, size);
    measure(viaAdapter, warmup, null);
    measure(viaOkHttp, warmup, null);
    measure(viaOkHttpNoDelay, warmup, null);
    Sample adapter = new Sample();
    Sample okhttp = new Sample();
    Sample okhttpNoDelay = new Sample();
    for (int round = 0; round < ROUNDS; round++) {
      Duration d = measure.dividedBy(3);
      if (round % 2 == 0) {
        measure(viaAdapter, d, adapter);
        measure(viaOkHttp, d, okhttp);
        measure(viaOkHttpNoDelay, d, okhttpNoDelay);
      } else {
        measure(viaOkHttpNoDelay, d, okhttpNoDelay);
        measure(viaOkHttp, d, okhttp);
        measure(viaAdapter, d, adapter);
      }
    }
    String key = "salesforce.create" + size;
    adapter.put(key + ".adapter");
    okhttp.put(key + ".okhttp");
    okhttpNoDelay.put(key + ".okhttp_nodelay");
    own(key + ".adapter_own", adapter, okhttpNoDelay);
  }

  /** The adapter's overhead beyond raw OkHttp's on the same kind of socket, mean and median. */
  private void own(String key, Sample adapter, Sample okhttp) {
    put(key + ".mean_us", adapter.overheadMeanUs() - okhttp.overheadMeanUs());
    put(
        key + ".p50_us",
        (adapter.overhead.getValueAtPercentile(50) - okhttp.overhead.getValueAtPercentile(50))
            / 1000.0);
  }

  private static void apply(SalesforceUpstream upstream, MutationRequest.Create batch, int size) {
    UpstreamContext context =
        new UpstreamContext(Instant.now().plusSeconds(60), Optional.empty(), Principal.ANONYMOUS);
    List<Record> records = upstream.apply(batch, context).toCompletableFuture().join();
    if (records.size() != size) {
      throw new IllegalStateException("expected " + size + " records");
    }
  }

  /** Runs {@code call} for {@code duration}, recording into {@code sample} unless it is null. */
  private void measure(Call call, Duration duration, Sample sample) throws Exception {
    long end = System.nanoTime() + duration.toNanos();
    while (System.nanoTime() < end) {
      long fakeBefore = fake.handlingTime().toNanos();
      long start = System.nanoTime();
      call.run();
      long elapsed = System.nanoTime() - start;
      long fakeTime = fake.handlingTime().toNanos() - fakeBefore;
      fake.clearRecords();
      if (sample != null) {
        sample.add(elapsed, fakeTime);
      }
    }
  }

  /** The same two calls as the adapter, from bytes ready to send, parsing both answers. */
  private void rawCreateAndRead(OkHttpClient client, byte[] body, int size) throws IOException {
    String base = fake.url() + "/services/data/v" + SalesforceUpstream.DEFAULT_API_VERSION;
    List<String> ids = new ArrayList<>(size);
    Request create =
        new Request.Builder()
            .url(base + "/composite/sobjects")
            .header("Authorization", "Bearer " + token)
            .header("Sforce-Auto-Assign", "FALSE")
            .post(RequestBody.create(body, JSON))
            .build();
    try (Response response = client.newCall(create).execute()) {
      for (JsonNode result : MAPPER.readTree(response.body().byteStream())) {
        ids.add(result.get("id").asText());
      }
    }
    Request read =
        new Request.Builder()
            .url(
                base
                    + "/composite/sobjects/Contact?ids="
                    + String.join(",", ids)
                    + "&fields="
                    + fields)
            .header("Authorization", "Bearer " + token)
            .build();
    try (Response response = client.newCall(read).execute()) {
      JsonNode records = MAPPER.readTree(response.body().byteStream());
      if (records.size() != size) {
        throw new IllegalStateException("expected " + size + " records, got " + records.size());
      }
    }
  }

  private static byte[] collectionsBody(MutationRequest.Create batch) throws IOException {
    List<Object> records = new ArrayList<>();
    for (PartialRecord record : batch.records()) {
      Map<String, Object> withType = new LinkedHashMap<>();
      withType.put("attributes", Map.of("type", "Contact"));
      withType.putAll(record.data());
      records.add(withType);
    }
    return MAPPER.writeValueAsBytes(Map.of("allOrNone", true, "records", records));
  }

  private String login() throws IOException {
    Request request =
        new Request.Builder()
            .url(fake.url() + "/services/oauth2/token")
            .post(
                new FormBody.Builder()
                    .add("grant_type", "client_credentials")
                    .add("client_id", fake.clientId())
                    .add("client_secret", fake.clientSecret())
                    .build())
            .build();
    try (Response response = raw.newCall(request).execute()) {
      return MAPPER.readTree(response.body().byteStream()).get("access_token").asText();
    }
  }

  private String describeFields() throws IOException {
    Request request =
        new Request.Builder()
            .url(
                fake.url()
                    + "/services/data/v"
                    + SalesforceUpstream.DEFAULT_API_VERSION
                    + "/sobjects/Contact/describe")
            .header("Authorization", "Bearer " + token)
            .build();
    try (Response response = raw.newCall(request).execute()) {
      List<String> names = new ArrayList<>();
      MAPPER
          .readTree(response.body().byteStream())
          .get("fields")
          .forEach(f -> names.add(f.get("name").asText()));
      return String.join(",", names);
    }
  }

  /** The JDK's default sockets with Nagle's algorithm off. */
  private static final class NoDelaySocketFactory extends SocketFactory {
    private final SocketFactory delegate = SocketFactory.getDefault();

    private static Socket noDelay(Socket socket) throws SocketException {
      socket.setTcpNoDelay(true);
      return socket;
    }

    @Override
    public Socket createSocket() throws IOException {
      return noDelay(delegate.createSocket());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      return noDelay(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress local, int localPort)
        throws IOException {
      return noDelay(delegate.createSocket(host, port, local, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
      return noDelay(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort)
        throws IOException {
      return noDelay(delegate.createSocket(host, port, local, localPort));
    }
  }

  private interface Call {
    void run() throws Exception;
  }

  private void put(String key, double value) {
    figures.put(key, value);
    Results.put(key, value);
  }

  /** Per call: the caller's time, the fake's time, and the difference. */
  private final class Sample {
    final Histogram total = Results.histogram();
    final Histogram overhead = Results.histogram();
    long totalNanos;
    long fakeNanos;
    long count;

    void add(long elapsed, long fakeTime) {
      total.recordValue(elapsed);
      overhead.recordValue(Math.max(0, elapsed - fakeTime));
      totalNanos += elapsed;
      fakeNanos += fakeTime;
      count++;
    }

    double overheadMeanUs() {
      return (totalNanos - fakeNanos) / 1000.0 / count;
    }

    void put(String key) {
      SalesforceBenchmark.this.put(key + ".total.mean_us", totalNanos / 1000.0 / count);
      SalesforceBenchmark.this.put(key + ".fake.mean_us", fakeNanos / 1000.0 / count);
      SalesforceBenchmark.this.put(key + ".overhead.mean_us", overheadMeanUs());
      for (Histogram h : new Histogram[] {overhead, total}) {
        String k = key + (h == overhead ? ".overhead" : ".total");
        SalesforceBenchmark.this.put(k + ".p50_us", h.getValueAtPercentile(50) / 1000.0);
        SalesforceBenchmark.this.put(k + ".p99_us", h.getValueAtPercentile(99) / 1000.0);
        SalesforceBenchmark.this.put(k + ".max_us", h.getMaxValue() / 1000.0);
        SalesforceBenchmark.this.put(k + ".count", h.getTotalCount());
      }
    }
  }
}
