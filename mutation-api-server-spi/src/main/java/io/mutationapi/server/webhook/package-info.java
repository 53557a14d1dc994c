/**
 * A consumer that delivers the change stream to an HTTP endpoint: {@link
 * io.mutationapi.server.webhook.WebhookConsumer}, the {@link
 * io.mutationapi.server.webhook.WebhookDeadLetterHandler} that takes the batches it gives up on,
 * and the {@link io.mutationapi.server.webhook.WebhookDeliveryException} that says why. Receivers
 * check signatures with {@code io.mutationapi.webhook.WebhookSignature} in the core module.
 */
package io.mutationapi.server.webhook;
