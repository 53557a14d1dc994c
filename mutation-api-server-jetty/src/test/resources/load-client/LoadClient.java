import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;

/**
 * Sends N concurrent POSTs and prints how many got each status. Run as a single-file program in
 * its own JVM, so that the client's sockets do not count against the server JVM's file limit.
 *
 * <p>Arguments: endpoint, bearer token, N, body.
 */
public class LoadClient {
  public static void main(String[] args) {
    URI endpoint = URI.create(args[0]);
    String token = args[1];
    int n = Integer.parseInt(args[2]);
    String body = args[3];
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newFixedThreadPool(4))
            .build();
    List<CompletableFuture<Integer>> responses = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      HttpRequest request =
          HttpRequest.newBuilder(endpoint)
              .timeout(Duration.ofMinutes(3))
              .header("Authorization", "Bearer " + token)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build();
      responses.add(
          client
              .sendAsync(request, HttpResponse.BodyHandlers.discarding())
              .thenApply(HttpResponse::statusCode)
              .exceptionally(
                  error -> {
                    System.err.println(error);
                    return -1;
                  }));
    }
    System.out.println("SENT " + n);
    Map<Integer, Integer> counts = new TreeMap<>();
    for (CompletableFuture<Integer> response : responses) {
      counts.merge(response.join(), 1, Integer::sum);
    }
    System.out.println("STATUS " + counts);
    System.exit(0);
  }
}
