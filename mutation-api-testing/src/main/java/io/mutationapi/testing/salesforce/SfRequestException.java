package io.mutationapi.testing.salesforce;

import java.util.List;

/** A failure of the whole request: the HTTP status and the errors of its JSON array body. */
final class SfRequestException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final transient List<SfError> errors;

  SfRequestException(int status, SfError error) {
    super(error.code() + ": " + error.message(), null, false, false);
    this.status = status;
    this.errors = List.of(error);
  }

  int status() {
    return status;
  }

  List<SfError> errors() {
    return errors;
  }
}
