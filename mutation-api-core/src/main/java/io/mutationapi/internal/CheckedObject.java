package io.mutationapi.internal;

import java.util.AbstractMap;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * A JSON object of the value model that is already checked as {@code Record} and {@code
 * PartialRecord} check their data, and that no one can change: string keys, no unpaired surrogate
 * in a key or a string, and values that are null, {@link Boolean}, {@link String}, {@code
 * JsonNumber}, objects of this type or unmodifiable lists of such values. The records keep one as
 * it is instead of copying it again.
 *
 * <p>The codec makes one for every object it reads; {@link #ofChecked} is for this library's own
 * conversions that check as they copy, never for data as a caller gave it.
 *
 * <p>Equal to any map with the same entries, as every {@link Map} is.
 */
public final class CheckedObject extends AbstractMap<String, Object> {
  private final Map<String, Object> members;

  /** Takes {@code members}, which no one else may hold. */
  CheckedObject(LinkedHashMap<String, Object> members) {
    this.members = Collections.unmodifiableMap(members);
  }

  /**
   * Returns an object of {@code members}, which the caller has checked as the class says and now
   * hands over: no one else may hold or change the map, and every object among its values must be
   * one of these.
   */
  public static Map<String, Object> ofChecked(LinkedHashMap<String, Object> members) {
    return members.isEmpty() ? Collections.emptyMap() : new CheckedObject(members);
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
