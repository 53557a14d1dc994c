package io.mutationapi.client;

import io.mutationapi.MutationError;
import io.mutationapi.internal.WireException;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Function;
import okhttp3.Request;
import okhttp3.Response;

/**
 * A call of the consume or management API as {@link RetryingCall} sends it: no idempotency key, the
 * body read with a {@link Reader}, and one of two {@link Resend} rules.
 *
 * @param <R> what a successful call returns
 */
final class ApiCallSpec<R> extends CallSpec<R> {
  /** When an attempt may be sent again. */
  enum Resend {
    /**
     * The call is idempotent (ack, nack, reads): after any failure on the wire, and after 408, 429,
     * 502, 503, 504, as a mutation is.
     */
    SAFE,
    /**
     * The call hands something out ({@code next}): only when the server surely handed nothing out,
     * because the request never reached it (a refused connection, an unknown host, a pooled
     * connection the server had closed) or it refused it (429, 503). Never after a timeout, a cut
     * connection or a gateway's 502/504/408, where an answer with messages may have been lost.
     */
    NOTHING_HANDED_OUT
  }

  /** Reads a 2xx body. */
  interface Reader<R> {
    /**
     * @throws WireException if the body is not what the call answers
     */
    R read(byte[] body);
  }

  private final Resend resend;
  private final Reader<R> reader;
  private final Function<MutationError, R> errorResult;
  private final String unknownAdvice;

  /**
   * @param errorResult what an error answer means when it is the call's result, or null if never
   * @param unknownAdvice appended to messages when the outcome is unknown, starting with "; "
   */
  ApiCallSpec(
      Request request,
      Duration totalTimeout,
      Resend resend,
      Reader<R> reader,
      Function<MutationError, R> errorResult,
      String unknownAdvice) {
    super(request, totalTimeout);
    this.resend = resend;
    this.reader = reader;
    this.errorResult = errorResult;
    this.unknownAdvice = unknownAdvice;
  }

  @Override
  AttemptStep<R> success(RetryingCall<R> call, Response response) {
    int status = response.code();
    byte[] body;
    try {
      body = AnswerBody.read(response.body(), AnswerBody.MAX_RESULT_BYTES);
    } catch (IOException e) {
      return unusable(
          call,
          status,
          "whose body could not be read (" + Text.printable(e.toString(), 500) + ")",
          e);
    }
    try {
      return AttemptStep.done(reader.read(body));
    } catch (WireException e) {
      return unusable(
          call, status, "with a body this call does not answer (" + Answers.reason(e) + ")", e);
    } catch (IllegalArgumentException | NullPointerException | ArithmeticException e) {
      // A value's own checks, behind the reader's: still an answer that is not this call's.
      return unusable(
          call,
          status,
          "with a body this call does not answer (" + Text.printable(e.toString(), 500) + ")",
          e);
    }
  }

  private AttemptStep<R> unusable(RetryingCall<R> call, int status, String what, Throwable cause) {
    call.markOutcomeUnknown();
    return call.fail(
        call.failures()
            .unusableAnswer(status, what, cause, "it was not sent again" + unknownAdvice));
  }

  @Override
  boolean retryableStatus(int status) {
    if (resend == Resend.NOTHING_HANDED_OUT) {
      return status == 429 || status == 503;
    }
    return status != 409 && Answers.retryable(status);
  }

  @Override
  boolean mayHaveApplied(int status) {
    return status >= 500 && status != 503;
  }

  @Override
  boolean retryableFailure(IOException e) {
    return resend == Resend.SAFE || !RetryDecision.reachedServer(e);
  }

  @Override
  R resultOf(MutationError error) {
    return errorResult == null ? null : errorResult.apply(error);
  }

  @Override
  String unknownOutcomeAdvice() {
    return unknownAdvice;
  }
}
