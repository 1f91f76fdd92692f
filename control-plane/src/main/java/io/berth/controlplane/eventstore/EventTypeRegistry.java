package io.berth.controlplane.eventstore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.berth.protocol.EventType;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Maps stable event type names and schema versions to the records they decode into, and back.
 * The store refuses events whose type is not registered or whose data does not decode into
 * the registered record, so nothing unreadable enters the log.
 */
public class EventTypeRegistry {

    private record Key(String name, int version) {
    }

    private final Map<Key, Class<?>> byName = new HashMap<>();
    private final Map<Class<?>, Key> byClass = new HashMap<>();
    private final ObjectMapper mapper;
    private final ObjectReader strictReader;

    public EventTypeRegistry(ObjectMapper mapper, Collection<Class<? extends Record>> types) {
        this.mapper = mapper;
        this.strictReader = mapper.reader().with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .with(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        types.forEach(this::register);
    }

    private void register(Class<? extends Record> type) {
        EventType annotation = type.getAnnotation(EventType.class);
        if (annotation == null) {
            throw new IllegalArgumentException(type.getName() + " has no @EventType");
        }
        Key key = new Key(annotation.name(), annotation.version());
        Class<?> previous = byName.putIfAbsent(key, type);
        if (previous != null && previous != type) {
            throw new IllegalArgumentException("event type " + key + " is claimed by both " + previous.getName()
                    + " and " + type.getName());
        }
        byClass.put(type, key);
    }

    /** The type name of a registered record (or of a {@link NewEvent}). */
    public String typeName(Object event) {
        if (event instanceof NewEvent e) {
            return e.type();
        }
        Key key = byClass.get(event.getClass());
        if (key == null) {
            throw new IllegalArgumentException(event.getClass().getName() + " is not a registered event type");
        }
        return key.name();
    }

    /** The new event for a registered record. */
    public NewEvent toNewEvent(Object event) {
        Key key = byClass.get(event.getClass());
        if (key == null) {
            throw new IllegalArgumentException(event.getClass().getName() + " is not a registered event type");
        }
        return new NewEvent(key.name(), key.version(), mapper.valueToTree(event));
    }

    /** Refuses an event whose type and schema version are unknown or whose data does not fit them. */
    public void validate(NewEvent event) {
        if (event.type() == null || event.type().isBlank()) {
            throw new EventRejected("event type is missing");
        }
        Class<?> type = byName.get(new Key(event.type(), event.schemaVersion()));
        if (type == null) {
            var known = new TreeSet<String>();
            byName.keySet().forEach(k -> known.add(k.name() + " v" + k.version()));
            throw new EventRejected("unknown event type '" + event.type() + "' (schema version "
                    + event.schemaVersion() + "); known types: " + String.join(", ", known));
        }
        if (event.data() == null || !event.data().isObject()) {
            throw new EventRejected("data of " + event.type() + " must be a JSON object");
        }
        try {
            strictReader.treeToValue(event.data(), type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new EventRejected("data does not match " + event.type() + " v" + event.schemaVersion() + ": "
                    + firstLine(e.getMessage()));
        }
    }

    /** The record a stored event decodes into. */
    public Object decode(StoredEvent event) {
        Class<?> type = byName.get(new Key(event.type(), event.schemaVersion()));
        if (type == null) {
            throw new IllegalStateException("no record registered for " + event.type() + " v" + event.schemaVersion());
        }
        try {
            return mapper.treeToValue(event.data(), type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event " + event.eventId() + " does not decode: " + e.getMessage(), e);
        }
    }

    public boolean knows(String type, int schemaVersion) {
        return byName.containsKey(new Key(type, schemaVersion));
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "invalid";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** Builds the registry from every {@link EventCatalog} bean. */
    @jakarta.enterprise.context.Dependent
    static class Producer {
        @jakarta.enterprise.inject.Produces
        @jakarta.inject.Singleton
        EventTypeRegistry registry(ObjectMapper mapper, jakarta.enterprise.inject.Instance<EventCatalog> catalogs) {
            var types = new java.util.ArrayList<Class<? extends Record>>();
            catalogs.forEach(c -> types.addAll(c.eventTypes()));
            return new EventTypeRegistry(mapper, types);
        }
    }
}
