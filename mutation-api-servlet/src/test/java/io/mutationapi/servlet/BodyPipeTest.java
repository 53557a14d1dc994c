package io.mutationapi.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BodyPipeTest {
  final BodyPipe pipe = new BodyPipe(8);

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void bytesFedThenEnded_areReadInOrder_thenEndOfStream() throws IOException {
    pipe.feed(bytes("abc"), 0, 3);
    pipe.feed(bytes("xdefx"), 1, 3);
    pipe.end();

    assertThat(new String(pipe.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("abcdef");
    assertThat(pipe.read()).isEqualTo(-1);
  }

  @Test
  void aReadWaitsForBytes_andWakesWhenTheyAreFed() throws Exception {
    CompletableFuture<Integer> read = CompletableFuture.supplyAsync(this::readOne);
    Thread.sleep(50);
    assertThat(read).isNotDone();

    pipe.feed(bytes("z"), 0, 1);

    assertThat(read.get(5, TimeUnit.SECONDS)).isEqualTo((int) 'z');
  }

  @Test
  void aFailure_failsAWaitingRead_afterTheBytesAlreadyFed() throws Exception {
    pipe.feed(bytes("a"), 0, 1);
    pipe.fail(new IOException("too slow"));

    assertThat(pipe.read()).isEqualTo('a');
    assertThatThrownBy(pipe::read).isInstanceOf(IOException.class).hasMessage("too slow");
  }

  @Test
  void aFeedOverTheBound_waitsUntilTheReaderCatchesUp() throws Exception {
    pipe.feed(bytes("123456789"), 0, 9);
    CompletableFuture<Void> second = CompletableFuture.runAsync(() -> pipe.feed(bytes("0"), 0, 1));
    Thread.sleep(50);
    assertThat(second).isNotDone();

    assertThat(pipe.read(new byte[9], 0, 9)).isEqualTo(9);

    second.get(5, TimeUnit.SECONDS);
    assertThat(pipe.read()).isEqualTo('0');
  }

  @Test
  void closing_failsReads_andDropsLaterFeeds() throws Exception {
    pipe.feed(bytes("123456789"), 0, 9);
    CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> pipe.feed(bytes("0"), 0, 1));

    pipe.close();

    blocked.get(5, TimeUnit.SECONDS);
    pipe.feed(bytes("more"), 0, 4);
    assertThat(pipe.available()).isZero();
    assertThatThrownBy(pipe::read).isInstanceOf(IOException.class);
  }

  private int readOne() {
    try {
      return pipe.read();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
