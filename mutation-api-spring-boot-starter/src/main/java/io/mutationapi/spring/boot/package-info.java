/**
 * Spring Boot auto-configuration of the Mutation API: a {@link
 * io.mutationapi.client.MutationClient} bean from {@code mutation-api.client.*}, a {@link
 * io.mutationapi.server.MutationServer} built from the application's {@code Upstream} and {@code
 * Consumer} beans and {@code mutation-api.server.*}, served on the application's own servlet web
 * server at {@code /v1/*}, and, with Spring Boot's health support on the class path, a health
 * indicator.
 *
 * <p>Applications do not use these classes directly beyond {@link
 * io.mutationapi.spring.boot.MutationServerCustomizer}; the README's "Spring Boot" section lists
 * every property.
 */
package io.mutationapi.spring.boot;
