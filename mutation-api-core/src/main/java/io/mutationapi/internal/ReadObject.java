package io.mutationapi.internal;

import java.util.AbstractMap;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * A JSON object of the value model as the codec read it: unmodifiable, in the order it was read,
 * and already checked as the vocabulary's values check their data (string keys, valid Unicode,
 * values of the model only, nested objects of this type and unmodifiable lists). {@code Record} and
 * {@code PartialRecord} keep one as it is instead of copying it again; only the codec makes them.
 *
 * <p>Equal to any map with the same entries, as every {@link Map} is.
 */
public final class ReadObject extends AbstractMap<String, Object> {
  private final Map<String, Object> members;

  /** Takes {@code members}, which no one else may hold. */
  ReadObject(LinkedHashMap<String, Object> members) {
    this.members = Collections.unmodifiableMap(members);
  }

  @Override
  public int size() {
    return members.size();
  }

  @Override
  public boolean isEmpty() {
    return members.isEmpty();
  }

  @Override
  public boolean containsKey(Object key) {
    return members.containsKey(key);
  }

  @Override
  public boolean containsValue(Object value) {
    return members.containsValue(value);
  }

  @Override
  public Object get(Object key) {
    return members.get(key);
  }

  @Override
  public Object getOrDefault(Object key, Object defaultValue) {
    return members.getOrDefault(key, defaultValue);
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    return members.entrySet();
  }

  @Override
  public Set<String> keySet() {
    return members.keySet();
  }

  @Override
  public Collection<Object> values() {
    return members.values();
  }

  @Override
  public void forEach(BiConsumer<? super String, ? super Object> action) {
    members.forEach(action);
  }

  @Override
  public boolean equals(Object o) {
    return o == this || members.equals(o);
  }

  @Override
  public int hashCode() {
    return members.hashCode();
  }

  @Override
  public String toString() {
    return members.toString();
  }
}
