package io.mutationapi.testing.salesforce;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A validation rule as an admin configures one: when {@code errorWhen} holds for the record as it
 * would be stored, the write fails with {@code FIELD_CUSTOM_VALIDATION_EXCEPTION} and {@code
 * message}.
 */
record ValidationRule(
    String sobject,
    Predicate<Map<String, Object>> errorWhen,
    String message,
    List<String> fields) {}
