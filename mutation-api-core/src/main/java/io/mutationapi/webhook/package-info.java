/**
 * What the receiver of a Mutation API webhook needs, with no more than this module and the JDK:
 * {@link io.mutationapi.webhook.WebhookSignature} checks that a delivery was signed with the shared
 * secret and is recent.
 */
package io.mutationapi.webhook;
