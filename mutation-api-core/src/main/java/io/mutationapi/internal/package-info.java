/**
 * The wire codec and helpers shared by the client and the server. Not an API: exported only to this
 * library's own modules, and free to change in any release.
 */
package io.mutationapi.internal;
