package io.mutationapi.benchmarks;

import io.mutationapi.server.http.MutationHttpHandler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The client side of {@link MemoryBenchmark}, in its own JVM: opens N loopback connections, sends
 * an awaiting create on each, prints {@code SENT}, then reads every response and prints {@code OK
 * n} with the number of 200s. Bounded: gives up after two minutes.
 */
public final class PendingClients {
  private PendingClients() {}

  public static void main(String[] args) throws IOException {
    int port = Integer.parseInt(args[0]);
    int n = Integer.parseInt(args[1]);
    InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    byte[] request =
        LoadGenerator.post(
            address, MutationHttpHandler.PATH, Fixtures.TOKEN, Fixtures.createBody(1, true));
    List<SocketChannel> channels = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      SocketChannel ch = SocketChannel.open(address);
      ByteBuffer buf = ByteBuffer.wrap(request);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      channels.add(ch);
    }
    System.out.println("SENT " + n);
    System.out.flush();
    Selector selector = Selector.open();
    for (SocketChannel ch : channels) {
      ch.configureBlocking(false);
      ch.register(selector, SelectionKey.OP_READ, new StringBuilder());
    }
    int ok = 0;
    int done = 0;
    long deadline = System.nanoTime() + 120_000_000_000L;
    ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
    while (done < n && System.nanoTime() < deadline) {
      selector.select(1000);
      for (SelectionKey key : selector.selectedKeys()) {
        SocketChannel ch = (SocketChannel) key.channel();
        StringBuilder seen = (StringBuilder) key.attachment();
        buf.clear();
        int read = ch.read(buf);
        if (read > 0) {
          seen.append(new String(buf.array(), 0, read, StandardCharsets.ISO_8859_1));
        }
        // One response per connection; its status line is enough.
        if (seen.length() >= 12 || read < 0) {
          if (seen.toString().startsWith("HTTP/1.1 200")) {
            ok++;
          }
          done++;
          key.cancel();
          ch.close();
        }
      }
      selector.selectedKeys().clear();
    }
    System.out.println("OK " + ok + " of " + done);
    System.out.flush();
  }
}
