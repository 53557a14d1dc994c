package io.mutationapi.internal;

/**
 * The one check for unpaired UTF-16 surrogates: a {@code \\u} escape or a Java string can hold one,
 * but no UTF-8 encoder can write it and no upstream can store it, so the vocabulary, the codec and
 * the client all refuse it.
 */
public final class Unicode {
  private Unicode() {}

  /** Returns the index of the first unpaired surrogate in {@code s}, or -1 if it has none. */
  public static int unpairedSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c)
            && i + 1 < s.length()
            && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else {
          return i;
        }
      }
    }
    return -1;
  }
}
