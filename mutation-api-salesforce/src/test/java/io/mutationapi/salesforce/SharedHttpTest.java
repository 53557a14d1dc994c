package io.mutationapi.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.SocketFactory;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

class SharedHttpTest {
  private static final Duration SECOND = Duration.ofSeconds(1);

  @Test
  void defaultClient_socketsHaveTcpNoDelay() throws IOException {
    OkHttpClient client = SharedHttp.derive(null, SECOND, SECOND);

    try (Socket socket = client.socketFactory().createSocket()) {
      assertThat(socket.getTcpNoDelay()).isTrue();
    }
  }

  @Test
  void usersClient_socketsComeFromTheUsersFactory_withTcpNoDelay() throws IOException {
    CountingSocketFactory users = new CountingSocketFactory();
    OkHttpClient user = new OkHttpClient.Builder().socketFactory(users).build();

    OkHttpClient client = SharedHttp.derive(user, SECOND, SECOND);

    try (Socket socket = client.socketFactory().createSocket()) {
      assertThat(socket.getTcpNoDelay()).isTrue();
    }
    assertThat(users.made).hasValue(1);
  }

  @Test
  void derivingADerivedClient_wrapsItsFactoryOnce() {
    OkHttpClient once = SharedHttp.derive(null, SECOND, SECOND);

    OkHttpClient twice = SharedHttp.derive(once, SECOND, SECOND);

    assertThat(twice.socketFactory()).isSameAs(once.socketFactory());
  }

  /** A user's own socket factory, counting the sockets it made. */
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
