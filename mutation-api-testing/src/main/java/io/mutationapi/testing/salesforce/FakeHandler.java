package io.mutationapi.testing.salesforce;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The fake's Jetty handler: records each call, applies faults, checks the token and the API limit,
 * passes data calls to {@link DataApi} and writes the answer, timing its own work.
 */
final class FakeHandler extends Handler.Abstract {
  static final double LATEST_VERSION = 67.0;
  static final double OLDEST_VERSION = 31.0;
  private static final Pattern VERSIONED =
      Pattern.compile("^/services/data/(v(\\d+)\\.(\\d))(/.*)?$");

  private final FakeSalesforce fake;
  private final Traffic traffic;
  private final CallLog calls;
  private final FaultPlan faults;
  private final ObjectMapper mapper;
  private final TokenEndpoint tokens;
  private final DataApi data;

  FakeHandler(
      FakeSalesforce fake,
      Traffic traffic,
      CallLog calls,
      FaultPlan faults,
      ObjectMapper mapper,
      TokenEndpoint tokens,
      DataApi data) {
    super(InvocationType.BLOCKING);
    this.fake = fake;
    this.traffic = traffic;
    this.calls = calls;
    this.faults = faults;
    this.mapper = mapper;
    this.tokens = tokens;
    this.data = data;
  }

  static Answer invalidSession() {
    return Answer.json(
        401, "[{\"message\":\"Session expired or invalid\",\"errorCode\":\"INVALID_SESSION_ID\"}]");
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws IOException {
    byte[] body = Content.Source.asInputStream(request).readAllBytes();
    long start = System.nanoTime();
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (HttpField field : request.getHeaders()) {
      headers.merge(field.getName(), field.getValue(), (a, b) -> a + ", " + b);
    }
    String path = request.getHttpURI().getDecodedPath();
    String query = request.getHttpURI().getQuery();
    RecordedCall call =
        new RecordedCall(
            request.getMethod(),
            path == null ? "" : path,
            query,
            headers,
            new String(body, StandardCharsets.UTF_8));
    calls.add(call);
    Fault fault = faults.take(call);
    Answer answer = answer(call, body, fault);
    traffic.addHandlingTime(System.nanoTime() - start);
    calls.answered(call, answer.status(), fault);
    if (fault != null && fault.kind() == Fault.Kind.DROP_CONNECTION) {
      request.getConnectionMetaData().getConnection().getEndPoint().close();
      callback.failed(new IOException("connection dropped by a fault injected in the fake"));
      return true;
    }
    if (fault != null && fault.kind() == Fault.Kind.TRUNCATED_ANSWER && call.isDataCall()) {
      writeHalf(answer, request, response, callback);
      return true;
    }
    if (fault != null && fault.kind() == Fault.Kind.LATENCY && !fault.delay().isZero()) {
      getServer()
          .getScheduler()
          .schedule(
              () -> write(answer, response, callback),
              fault.delay().toMillis(),
              TimeUnit.MILLISECONDS);
      return true;
    }
    write(answer, response, callback);
    return true;
  }

  private Answer answer(RecordedCall call, byte[] body, Fault fault) {
    if (call.isTokenRequest()) {
      traffic.countTokenRequest();
      if (!call.method().equals("POST")) {
        return Answer.json(
            405, "{\"error\":\"invalid_request\",\"error_description\":\"must use HTTP POST\"}");
      }
      if (fault != null && fault.answer("") != null) {
        return fault.answer("");
      }
      return tokens.handle(call.header("Authorization").orElse(null), call.body(), fake.url());
    }
    if (!call.path().startsWith("/services/data")) {
      return notFound();
    }
    traffic.countDataRequest();
    if (call.path().equals("/services/data") || call.path().equals("/services/data/")) {
      return versions();
    }
    Matcher m = VERSIONED.matcher(call.path());
    if (!m.matches()) {
      return notFound();
    }
    double version = Double.parseDouble(m.group(2) + "." + m.group(3));
    if (version < OLDEST_VERSION) {
      return Answer.json(
          410,
          "[{\"message\":\"Version "
              + m.group(1)
              + " of the API has been retired\",\"errorCode\":\"NOT_FOUND\"}]");
    }
    if (version > LATEST_VERSION) {
      return withUsage(notFound(), traffic.apiUsage());
    }
    String token = bearer(call.header("Authorization").orElse(null));
    if (!tokens.admit(token)) {
      return withUsage(invalidSession(), traffic.apiUsage());
    }
    if (fault != null && fault.kind() == Fault.Kind.SESSION_EXPIRED) {
      return withUsage(invalidSession(), traffic.apiUsage());
    }
    long used = traffic.countApiCall();
    if (used > traffic.apiLimit()) {
      return withUsage(
          Answer.json(
              403,
              "[{\"message\":\"TotalRequests Limit exceeded.\",\"errorCode\":\"REQUEST_LIMIT_EXCEEDED\"}]"),
          used);
    }
    if (call.method().equals("GET") && m.group(4) != null && m.group(4).matches("/limits/?")) {
      return withUsage(limits(used), used);
    }
    boolean collectionWrite = call.isWrite() && call.path().contains("/composite/sobjects");
    boolean lockInRecord =
        fault != null && fault.kind() == Fault.Kind.UNABLE_TO_LOCK_ROW_IN_RECORD && collectionWrite;
    int lockedRecord = lockInRecord ? fault.recordIndex() : -1;
    if (fault != null && fault.kind() == Fault.Kind.DROP_CONNECTION && !fault.afterCommit()) {
      return Answer.empty(500); // never written: the connection is closed instead
    }
    if (fault != null && !fault.afterCommit() && !lockInRecord) {
      Answer failure = fault.answer(firstId(call));
      if (failure != null) {
        return withUsage(failure, used);
      }
    }
    Answer answer =
        data.handle(
            new DataApi.Call(
                call.method(),
                m.group(1),
                m.group(4) == null ? "" : m.group(4),
                formFields(call.query()),
                call.header("Content-Type").orElse(null),
                body,
                lockedRecord));
    if (fault != null && fault.kind() == Fault.Kind.TRUNCATED_ANSWER) {
      return withUsage(answer, used);
    }
    if (fault != null && fault.afterCommit() && fault.answer("") != null) {
      answer = fault.answer("");
    }
    return withUsage(answer, used);
  }

  private Answer versions() {
    ArrayNode list = mapper.createArrayNode();
    String[] names = {
      "Winter '25", "Spring '25", "Summer '25", "Winter '26", "Spring '26", "Summer '26"
    };
    for (int i = 0; i < names.length; i++) {
      String v = (62 + i) + ".0";
      list.addObject().put("label", names[i]).put("url", "/services/data/v" + v).put("version", v);
    }
    return Answer.json(200, list.toString());
  }

  private Answer limits(long used) {
    long max = traffic.apiLimit();
    var out = mapper.createObjectNode();
    out.putObject("DailyApiRequests").put("Max", max).put("Remaining", Math.max(0, max - used));
    return Answer.json(200, out.toString());
  }

  private Answer withUsage(Answer answer, long used) {
    Map<String, String> headers = new LinkedHashMap<>(answer.headers());
    headers.put("Sforce-Limit-Info", "api-usage=" + used + "/" + traffic.apiLimit());
    return new Answer(answer.status(), answer.contentType(), answer.body(), headers);
  }

  private static Answer notFound() {
    return Answer.json(
        404,
        "[{\"errorCode\":\"NOT_FOUND\",\"message\":\"The requested resource does not exist\"}]");
  }

  private static String bearer(String authorization) {
    if (authorization == null) {
      return null;
    }
    if (authorization.startsWith("Bearer ")) {
      return authorization.substring(7).trim();
    }
    if (authorization.startsWith("OAuth ")) {
      return authorization.substring(6).trim();
    }
    return null;
  }

  private static String firstId(RecordedCall call) {
    Matcher m = Pattern.compile("\"[iI]d\"\\s*:\\s*\"([0-9A-Za-z]{15,18})\"").matcher(call.body());
    if (m.find()) {
      return m.group(1);
    }
    String ids = call.queryParameter("ids").orElse("");
    if (!ids.isEmpty()) {
      return ids.split(",")[0];
    }
    String[] parts = call.path().split("/");
    return parts[parts.length - 1];
  }

  /** Decodes {@code a=1&b=2} (a query string or a form body); null gives an empty map. */
  static Map<String, String> formFields(String query) {
    Map<String, String> params = new HashMap<>();
    if (query == null) {
      return params;
    }
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      params.put(key, value);
    }
    return params;
  }

  /** Sends the status, the headers with the full length, half the body, and closes. */
  private static void writeHalf(
      Answer answer, Request request, Response response, Callback callback) {
    response.setStatus(answer.status());
    answer.headers().forEach((name, value) -> response.getHeaders().put(name, value));
    if (answer.contentType() != null) {
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, answer.contentType());
    }
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, answer.body().length);
    ByteBuffer half = ByteBuffer.wrap(answer.body(), 0, answer.body().length / 2);
    response.write(
        false,
        half,
        Callback.from(
            () -> {
              request.getConnectionMetaData().getConnection().getEndPoint().close();
              callback.failed(new IOException("answer cut short by a fault injected in the fake"));
            },
            callback::failed));
  }

  private static void write(Answer answer, Response response, Callback callback) {
    response.setStatus(answer.status());
    answer.headers().forEach((name, value) -> response.getHeaders().put(name, value));
    if (answer.contentType() != null) {
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, answer.contentType());
    }
    response.write(true, ByteBuffer.wrap(answer.body()), callback);
  }
}
