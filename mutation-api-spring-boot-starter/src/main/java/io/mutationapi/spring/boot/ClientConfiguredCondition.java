package io.mutationapi.spring.boot;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Matches when the client has a base URL: the property, or {@code MUTATION_API_URL}. */
final class ClientConfiguredCondition extends SpringBootCondition {
  @Override
  public ConditionOutcome getMatchOutcome(
      ConditionContext context, AnnotatedTypeMetadata metadata) {
    Environment env = context.getEnvironment();
    // Not resolved here: the value may name a placeholder known only later (local.server.port).
    if (env.containsProperty(ClientEnv.BASE_URL_PROPERTY)) {
      return ConditionOutcome.match(ClientEnv.BASE_URL_PROPERTY + " is set");
    }
    if (isSet(env.getProperty(ClientEnv.URL))) {
      return ConditionOutcome.match(ClientEnv.URL + " is set");
    }
    return ConditionOutcome.noMatch(
        "neither " + ClientEnv.BASE_URL_PROPERTY + " nor " + ClientEnv.URL + " is set");
  }

  private static boolean isSet(String value) {
    return value != null && !value.isBlank();
  }
}
