package io.mutationapi.testing.salesforce;

/**
 * One field of an sObject in the fake's schema.
 *
 * @param name the API name, as the fake writes it in answers
 * @param type the Salesforce field type ({@code string}, {@code email}, {@code boolean}, {@code
 *     double}, {@code int}, {@code date}, {@code datetime}, {@code reference}, {@code picklist},
 *     {@code id}, ...)
 * @param required whether a create or update that leaves it empty fails with {@code
 *     REQUIRED_FIELD_MISSING}
 * @param writable whether clients may set it; system fields are not
 * @param externalId whether it can key an upsert
 * @param defaultValue the value a create stores when the field is absent, or null
 */
record FieldDef(
    String name,
    String type,
    boolean required,
    boolean writable,
    boolean externalId,
    Object defaultValue) {

  static FieldDef text(String name) {
    return new FieldDef(name, "string", false, true, false, null);
  }

  static FieldDef of(String name, String type) {
    return new FieldDef(name, type, false, true, false, null);
  }

  static FieldDef required(String name) {
    return new FieldDef(name, "string", true, true, false, null);
  }

  static FieldDef externalId(String name) {
    return new FieldDef(name, "string", false, true, true, null);
  }

  static FieldDef system(String name, String type) {
    return new FieldDef(name, type, false, false, false, null);
  }

  static FieldDef withDefault(String name, String type, Object defaultValue) {
    return new FieldDef(name, type, true, true, false, defaultValue);
  }
}
