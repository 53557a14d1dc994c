package com.example.mutations;

import io.mutationapi.Record;
import io.mutationapi.client.MutationClient;
import java.util.HashMap;
import java.util.Map;

/**
 * Updates a contact (PATCH semantics: absent fields are left alone, null clears a field), then
 * deletes it.
 */
public final class UpdateAndDeleteExample {
  private UpdateAndDeleteExample() {}

  /** Creates, updates and deletes one contact. Arguments: [url token]. */
  public static void main(String[] args) {
    try (MutationClient client = Clients.fromArgsOrEnv(args)) {
      String id =
          client
              .mutations()
              .create("my-sync-id", "salesforce:contact")
              .record(Map.of("FirstName", "Stilgar", "LastName", "Tabr", "Title", "Naib"))
              .execute()
              .record()
              .upstreamId();

      Map<String, Object> changes = new HashMap<>();
      changes.put("Email", "stilgar@sietch-tabr.org"); // set
      changes.put("Title", null); // cleared; FirstName and LastName are left alone
      Record updated =
          client
              .mutations()
              .update("my-sync-id", "salesforce:contact")
              .record(id, changes)
              .execute()
              .record();
      System.out.println("updated " + id + " to version " + updated.updatedIdx().getAsLong());
      System.out.println("full state " + updated.data());

      Record deleted =
          client
              .mutations()
              .delete("my-sync-id", "salesforce:contact")
              .upstreamIds(id)
              .execute()
              .record();
      System.out.println("deleted " + deleted.upstreamId() + ": " + deleted.deleted());
    }
  }
}
