package io.mutationapi.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mutationapi.internal.WireCodec;
import io.mutationapi.internal.WireException;
import io.mutationapi.server.InMemoryConsumer;
import io.mutationapi.server.InMemoryUpstream;
import io.mutationapi.server.MutationServer;
import io.mutationapi.server.jetty.MutationHttpServer;
import io.mutationapi.server.spi.Principal;
import io.mutationapi.testing.FaultyUpstream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Suite 1, hostile input, over real HTTP against the embedded server: the codec's hostile table,
 * seeded random mutations of valid bodies, wrong headers, truncated and oversized bodies. Every
 * answer is a 4xx JSON error body, the upstream is never called, no token or record data reaches
 * the log or an error body, and the server still serves a valid request afterwards.
 */
class HostileInputFaultTest {
  private static final long SEED = 0x5EED_0001L;
  private static final String SYNC = "my-sync-id";
  private static final String OTHER_SYNC = "other-sync";
  private static final String CONTACT = "salesforce:contact";
  private static final String TOKEN = "tok-9f8e7d6c5b4a-secret";
  private static final String OTHER_TOKEN = "tok-0123456789-other";
  private static final String SECRET_DATA = "Kwisatz-Haderach-7731";
  private static final int MAX_BODY = 64 * 1024;
  private static final String PATH = "/v1/mutations/run";

  private final ObjectMapper json = new ObjectMapper();
  private final FaultyUpstream upstream = FaultyUpstream.wrap(InMemoryUpstream.create());
  private final FaultyUpstream otherUpstream = FaultyUpstream.wrap(InMemoryUpstream.create());
  private final InMemoryConsumer consumer = new InMemoryConsumer();
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();
  private PrintStream originalOut;
  private MutationServer server;
  private RawHttp http;
  private int tried;
  private final List<String> failures = new ArrayList<>();

  @BeforeEach
  void start() {
    originalOut = System.out;
    // The request log goes to System.out (looked up on every write): keep a copy to search.
    System.setOut(new PrintStream(new Tee(originalOut, log), true, StandardCharsets.UTF_8));
    server =
        MutationServer.builder()
            .sync(SYNC, upstream, CONTACT)
            .sync(OTHER_SYNC, otherUpstream, CONTACT)
            .consumer("local-db", consumer, CONTACT)
            .bearerToken(TOKEN, Principal.of("app", SYNC))
            .bearerToken(OTHER_TOKEN, Principal.of("other-app", OTHER_SYNC))
            .maxBodyBytes(MAX_BODY)
            .maxRecordsPerRequest(50)
            .build();
    MutationHttpServer listener = MutationHttpServer.listenOnLoopback(server, 0);
    http = new RawHttp(listener.port(), 10_000);
  }

  @AfterEach
  void stop() {
    server.close();
    System.setOut(originalOut);
  }

  private static String validCreate() {
    return "{\"kind\":\"create\",\"sync_id\":\""
        + SYNC
        + "\",\"collection_id\":\""
        + CONTACT
        + "\",\"records\":[{\"data\":{\"FirstName\":\"Paul\",\"LastName\":\""
        + SECRET_DATA
        + "\",\"Email\":\"paul@arrakis.org\",\"Age\":15}}],"
        + "\"await_consumer_ids\":[\"local-db\"],\"await_consumers_timeout\":5000}";
  }

  private static String validUpdate() {
    return "{\"kind\":\"update\",\"sync_id\":\""
        + SYNC
        + "\",\"collection_id\":\""
        + CONTACT
        + "\",\"records\":[{\"upstream_id\":\"003000000000001AAA\",\"data\":{\"Title\":\""
        + SECRET_DATA
        + "\",\"Email\":null}}]}";
  }

  private static String validDelete() {
    return "{\"kind\":\"delete\",\"sync_id\":\""
        + SYNC
        + "\",\"collection_id\":\""
        + CONTACT
        + "\",\"upstream_ids\":[\"003000000000001AAA\",\"003000000000002AAA\"]}";
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private String[] auth(String... more) {
    String[] headers = new String[more.length + 2];
    headers[0] = "Authorization: Bearer " + TOKEN;
    headers[1] = "Content-Type: application/json";
    System.arraycopy(more, 0, headers, 2, more.length);
    return headers;
  }

  @Test
  void hostileInput_isAnswered4xx_neverReachesTheUpstream_andLeaksNothing() throws IOException {
    int table = 0;
    for (byte[] body : HostileTable.bodies()) {
      check("table #" + table++, http.post(PATH, body, auth()));
    }

    long t0 = System.nanoTime();
    int mutated = mutatedBodies();
    long t1 = System.nanoTime();
    int headers = wrongHeaders();
    int semantic = semanticRefusals();
    long t2 = System.nanoTime();
    int truncated = truncatedBodies();
    long t3 = System.nanoTime();
    int oversized = oversizedBodies();
    long t4 = System.nanoTime();
    originalOut.printf(
        "[fault-suite] hostile timings ms: mutated %d, headers %d, truncated %d, oversized %d%n",
        (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000, (t4 - t3) / 1_000_000);

    assertThat(failures).as("answers that were not a 4xx JSON error body").isEmpty();
    assertThat(upstream.batchCount()).as("upstream calls").isZero();
    assertThat(otherUpstream.batchCount()).as("upstream calls of the other sync").isZero();
    assertThat(consumer.eventCount()).as("events published").isZero();

    RawHttp.Response ok = http.post(PATH, utf8(validCreate()), auth());
    assertThat(ok.status()).as(ok.text()).isEqualTo(200);
    assertThat(upstream.batchCount()).isEqualTo(1);
    assertThat(consumer.eventCount()).isEqualTo(1);

    System.out.flush();
    String logged = log.toString(StandardCharsets.UTF_8);
    assertThat(logged).as("the request log").contains("status=400").contains("status=200");
    assertThat(logged)
        .doesNotContain(TOKEN)
        .doesNotContain(OTHER_TOKEN)
        .doesNotContain(SECRET_DATA)
        .doesNotContain("arrakis");

    originalOut.printf(
        "[fault-suite] hostile input: inputs tried %d (table %d, mutated %d, headers %d, semantic"
            + " %d, truncated %d, oversized %d), faults injected %d, upstream calls 0, 5xx 0,"
            + " records lost 0%n",
        tried, table, mutated, headers, semantic, truncated, oversized, tried);
    assertThat(tried).isGreaterThanOrEqualTo(300);
  }

  /** Seeded random mutations of valid bodies; those the codec still accepts are not hostile. */
  private int mutatedBodies() throws IOException {
    SplittableRandom random = new SplittableRandom(SEED);
    WireCodec codec = WireCodec.standard();
    byte[][] valid = {utf8(validCreate()), utf8(validUpdate()), utf8(validDelete())};
    byte[] significant = utf8("{}[]\":,\\ 0-1eE.tfn\u00e9");
    int sent = 0;
    for (int attempt = 0; attempt < 5_000 && sent < 240; attempt++) {
      byte[] body = mutate(valid[random.nextInt(valid.length)], random, significant);
      try {
        codec.readRequest(body);
        continue; // still a well-formed request
      } catch (WireException expected) {
        // hostile: send it
      }
      check("mutation #" + attempt, http.post(PATH, body, auth()));
      sent++;
    }
    return sent;
  }

  private static byte[] mutate(byte[] valid, SplittableRandom random, byte[] significant) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int at = random.nextInt(valid.length);
    int span = 1 + random.nextInt(Math.max(1, Math.min(12, valid.length - at)));
    switch (random.nextInt(6)) {
      case 0: // flip a bit
        byte[] flipped = valid.clone();
        flipped[at] ^= (byte) (1 << random.nextInt(8));
        return flipped;
      case 1: // delete a range
        out.write(valid, 0, at);
        out.write(valid, at + span, Math.max(0, valid.length - at - span));
        return out.toByteArray();
      case 2: // insert a significant or random byte
        out.write(valid, 0, at);
        out.write(
            random.nextBoolean()
                ? significant[random.nextInt(significant.length)]
                : random.nextInt(256));
        out.write(valid, at, valid.length - at);
        return out.toByteArray();
      case 3: // duplicate a range
        out.write(valid, 0, at + span);
        out.write(valid, at, Math.min(span, valid.length - at));
        out.write(valid, at + span, Math.max(0, valid.length - at - span));
        return out.toByteArray();
      case 4: // replace a byte with a significant one
        byte[] replaced = valid.clone();
        replaced[at] = significant[random.nextInt(significant.length)];
        return replaced;
      default: // truncate
        return java.util.Arrays.copyOf(valid, at);
    }
  }

  private int wrongHeaders() throws IOException {
    byte[] body = utf8(validCreate());
    List<String[]> cases =
        List.of(
            new String[] {"Content-Type: application/json"},
            new String[] {"Authorization: Basic dXNlcjpwYXNz", "Content-Type: application/json"},
            new String[] {"Authorization: Bearer", "Content-Type: application/json"},
            new String[] {"Authorization: Bearer   ", "Content-Type: application/json"},
            new String[] {"Authorization: Bearer wrong-token", "Content-Type: application/json"},
            new String[] {
              "Authorization: Bearer " + TOKEN.toUpperCase(java.util.Locale.ROOT),
              "Content-Type: application/json"
            },
            new String[] {"Authorization: Bearer " + TOKEN + "x", "Content-Type: application/json"},
            new String[] {
              "Authorization: Bearer " + TOKEN.substring(1), "Content-Type: application/json"
            },
            new String[] {"Authorization: " + TOKEN, "Content-Type: application/json"},
            new String[] {"Authorization: Bearer " + TOKEN},
            new String[] {"Authorization: Bearer " + TOKEN, "Content-Type: text/plain"},
            new String[] {"Authorization: Bearer " + TOKEN, "Content-Type: application/xml"},
            new String[] {"Authorization: Bearer " + TOKEN, "Content-Type: application/jsonx"},
            new String[] {
              "Authorization: Bearer " + TOKEN, "Content-Type: application/json; charset=latin1"
            },
            new String[] {"Authorization: Bearer " + TOKEN, "Content-Type: multipart/form-data"},
            auth("Idempotency-Key: " + "k".repeat(256)),
            auth("Idempotency-Key: caf\u00e9"),
            auth("Idempotency-Key: a\u007fb"));
    int n = 0;
    for (String[] headers : cases) {
      check("headers #" + n++, http.post(PATH, body, headers));
    }
    for (String method : List.of("GET", "PUT", "DELETE", "PATCH", "OPTIONS", "FOO")) {
      check(
          "method " + method,
          http.send(
              method
                  + " "
                  + PATH
                  + " HTTP/1.1\r\nHost: x\r\n"
                  + "Authorization: Bearer "
                  + TOKEN
                  + "\r\nContent-Length: 0\r\nConnection: close",
              new byte[0],
              false));
      n++;
    }
    for (String path :
        List.of(
            "/",
            "/v1/mutations",
            "/v1/mutations/run/",
            "/V1/mutations/run",
            "/v1/run",
            "/v1/mutations/run/../run",
            "/v1/mutations/runx")) {
      check("path " + path, http.post(path, body, auth()));
      n++;
    }
    // Announced too large: refused before the body is read.
    check(
        "content-length 10^12",
        http.send(
            "POST "
                + PATH
                + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                + TOKEN
                + "\r\nContent-Type: application/json\r\nContent-Length: 1000000000000"
                + "\r\nConnection: close",
            body,
            true));
    n++;
    return n;
  }

  /** Well-formed bodies the server must refuse before calling the upstream. */
  private int semanticRefusals() throws IOException {
    List<String> bodies = new ArrayList<>();
    String create = validCreate();
    bodies.add(create.replace(SYNC, "no-such-sync"));
    bodies.add(create.replace(SYNC, OTHER_SYNC)); // another principal's sync: 404
    bodies.add(create.replace(CONTACT, "salesforce:task"));
    bodies.add(create.replace("\"local-db\"", "\"no-such-consumer\""));
    bodies.add(create.replace("5000}", "86400000}"));
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 51; i++) {
      many.append(i == 0 ? "" : ",").append("{\"data\":{\"N\":").append(i).append("}}");
    }
    bodies.add(
        "{\"kind\":\"create\",\"sync_id\":\""
            + SYNC
            + "\",\"collection_id\":\""
            + CONTACT
            + "\",\"records\":["
            + many
            + "]}");
    bodies.add(validDelete().replace(SYNC, OTHER_SYNC));
    bodies.add(validUpdate().replace(CONTACT, "salesforce:nothing"));
    int n = 0;
    for (String body : bodies) {
      check("semantic #" + n++, http.post(PATH, utf8(body), auth()));
    }
    // The other principal's token cannot reach our sync either.
    check(
        "other token",
        http.post(
            PATH,
            utf8(create),
            "Authorization: Bearer " + OTHER_TOKEN,
            "Content-Type: application/json"));
    return n + 1;
  }

  private int truncatedBodies() throws IOException {
    SplittableRandom random = new SplittableRandom(SEED + 1);
    byte[][] valid = {utf8(validCreate()), utf8(validUpdate()), utf8(validDelete())};
    int n = 0;
    for (int i = 0; i < 30; i++) {
      byte[] body = valid[i % 3];
      byte[] cut = java.util.Arrays.copyOf(body, random.nextInt(body.length - 1));
      check("truncated #" + i, http.post(PATH, cut, auth()));
      n++;
    }
    for (int i = 0; i < 10; i++) {
      // Announces the whole body, sends part of it, then closes its side.
      byte[] body = valid[i % 3];
      byte[] cut = java.util.Arrays.copyOf(body, 1 + random.nextInt(body.length - 2));
      check(
          "short #" + i,
          http.send(
              "POST "
                  + PATH
                  + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                  + TOKEN
                  + "\r\nContent-Type: application/json\r\nContent-Length: "
                  + body.length
                  + "\r\nConnection: close",
              cut,
              true));
      n++;
    }
    return n;
  }

  private int oversizedBodies() throws IOException {
    int n = 0;
    for (int size : new int[] {MAX_BODY + 1, MAX_BODY + 100, 2 * MAX_BODY, 1024 * 1024}) {
      byte[] body = oversized(size);
      check("oversized " + size, http.post(PATH, body, auth()));
      check("oversized keyed " + size, http.post(PATH, body, auth("Idempotency-Key: big-" + size)));
      // Chunked: no length announced, so the limit is found while streaming.
      ByteArrayOutputStream chunked = new ByteArrayOutputStream();
      for (int at = 0; at < body.length; at += 8192) {
        int len = Math.min(8192, body.length - at);
        chunked.writeBytes(utf8(Integer.toHexString(len) + "\r\n"));
        chunked.write(body, at, len);
        chunked.writeBytes(utf8("\r\n"));
      }
      chunked.writeBytes(utf8("0\r\n\r\n"));
      check(
          "oversized chunked " + size,
          http.send(
              "POST "
                  + PATH
                  + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                  + TOKEN
                  + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked"
                  + "\r\nConnection: close",
              chunked.toByteArray(),
              false));
      n += 3;
    }
    return n;
  }

  private static byte[] oversized(int size) {
    String head =
        "{\"kind\":\"create\",\"sync_id\":\""
            + SYNC
            + "\",\"collection_id\":\""
            + CONTACT
            + "\",\"records\":[{\"data\":{\"Notes\":\"";
    String tail = "\"}}]}";
    return utf8(
        head + SECRET_DATA.charAt(0) + "x".repeat(size - head.length() - tail.length() - 1) + tail);
  }

  private void check(String name, RawHttp.Response response) {
    tried++;
    String problem = problem(response);
    if (problem != null) {
      failures.add(name + ": " + problem);
    }
  }

  private String problem(RawHttp.Response response) {
    if (response.status() < 400 || response.status() > 499) {
      return "status " + response.status() + " " + response.text();
    }
    if (!"application/json".equals(response.headers().get("content-type"))) {
      return "content type " + response.headers().get("content-type");
    }
    JsonNode body;
    try {
      body = json.readTree(response.body());
    } catch (IOException e) {
      return "not JSON: " + response.text();
    }
    if (!body.path("error").asText("").startsWith("Error: ") || !body.path("docs").isArray()) {
      return "not an error body: " + response.text();
    }
    String text = response.text();
    if (text.contains(TOKEN) || text.contains(OTHER_TOKEN) || text.contains(SECRET_DATA)) {
      return "the error body leaks a secret: " + text;
    }
    for (String internal :
        List.of(
            "JsonReadFeature", "Feature '", "StreamReadConstraints", "not enabled for parser")) {
      if (text.contains(internal)) {
        return "the error body names the parser's internals: " + text;
      }
    }
    return null;
  }

  /** Writes to two streams. */
  static final class Tee extends OutputStream {
    private final OutputStream a;
    private final OutputStream b;

    Tee(OutputStream a, OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public synchronized void write(int c) throws IOException {
      a.write(c);
      b.write(c);
    }

    @Override
    public synchronized void write(byte[] bytes, int off, int len) throws IOException {
      a.write(bytes, off, len);
      b.write(bytes, off, len);
    }
  }
}
