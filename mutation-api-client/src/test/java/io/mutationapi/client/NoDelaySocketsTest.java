package io.mutationapi.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.SocketFactory;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

class NoDelaySocketsTest {

  @Test
  void clientWithItsOwnPools_opensSocketsWithTcpNoDelay() throws IOException {
    try (MutationClient client =
        MutationClient.builder().baseUrl("http://127.0.0.1:1").apiToken("t").build()) {
      try (Socket socket = client.http().socketFactory().createSocket()) {
        assertThat(socket.getTcpNoDelay()).isTrue();
      }
    }
  }

  @Test
  void clientOnTheCallersOkHttpClient_usesItsSocketFactory_withTcpNoDelay() throws IOException {
    CountingSocketFactory callers = new CountingSocketFactory();
    OkHttpClient http = new OkHttpClient.Builder().socketFactory(callers).build();

    try (MutationClient client =
        MutationClient.builder()
            .baseUrl("http://127.0.0.1:1")
            .apiToken("t")
            .okHttpClient(http)
            .build()) {
      try (Socket socket = client.http().socketFactory().createSocket()) {
        assertThat(socket.getTcpNoDelay()).isTrue();
      }
    }
    assertThat(callers.made).hasValue(1);
  }

  /** A caller's own socket factory, counting the sockets it made. */
  private static final class CountingSocketFactory extends SocketFactory {
    final AtomicInteger made = new AtomicInteger();

    @Override
    public Socket createSocket() {
      made.incrementAndGet();
      return new Socket();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      made.incrementAndGet();
      return new Socket(host, port);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
        throws IOException {
      made.incrementAndGet();
      return new Socket(host, port, localHost, localPort);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
      made.incrementAndGet();
      return new Socket(host, port);
    }

    @Override
    public Socket createSocket(
        InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
      made.incrementAndGet();
      return new Socket(address, port, localAddress, localPort);
    }
  }
}
