package io.mutationapi.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.mutationapi.MutationApiException;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PublicSurfaceTest {

  @Test
  void everyPublicException_extendsMutationApiException() throws Exception {
    List<Class<?>> exceptions = publicExceptions();

    assertThat(exceptions).hasSizeGreaterThanOrEqualTo(11);
    for (Class<?> type : exceptions) {
      assertThat(MutationApiException.class).as(type.getName()).isAssignableFrom(type);
    }
  }

  @Test
  void publicExceptions_haveNoPublicConstructors_ofIsTheFactory() throws Exception {
    for (Class<?> type : publicExceptions()) {
      for (Constructor<?> c : type.getDeclaredConstructors()) {
        assertThat(Modifier.isPublic(c.getModifiers())).as(c.toString()).isFalse();
      }
    }
  }

  @Test
  void outcomeUnknown_readsAsAPredicate() throws Exception {
    for (Class<?> type : List.of(MutationIoException.class, MutationServiceException.class)) {
      assertThat(type.getMethod("isOutcomeUnknown").getReturnType()).isEqualTo(boolean.class);
      assertThat(Stream.of(type.getMethods()).map(m -> m.getName()))
          .doesNotContain("outcomeUnknown");
    }
  }

  /** The public Throwable types of the client's package, as compiled. */
  private static List<Class<?>> publicExceptions()
      throws IOException, URISyntaxException, ClassNotFoundException {
    Path root =
        Path.of(MutationClient.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path dir = root.resolve("io/mutationapi/client");
    List<Class<?>> found = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        String name = f.getFileName().toString();
        if (!name.endsWith(".class") || name.contains("$")) {
          continue;
        }
        Class<?> type =
            Class.forName("io.mutationapi.client." + name.substring(0, name.length() - 6));
        if (Modifier.isPublic(type.getModifiers()) && Throwable.class.isAssignableFrom(type)) {
          found.add(type);
        }
      }
    }
    return found;
  }
}
