package io.mutationapi.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RemoteConsumerTest {

  @Test
  void kind_isRemote_forTheManagementApi() {
    assertThat(RemoteConsumer.create().kind()).isEqualTo("remote");
  }
}
