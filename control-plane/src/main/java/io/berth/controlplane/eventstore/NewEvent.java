package io.berth.controlplane.eventstore;

import com.fasterxml.jackson.databind.JsonNode;

/** An event to append: its stable type name, schema version and JSON data. */
public record NewEvent(String type, int schemaVersion, JsonNode data) {
}
