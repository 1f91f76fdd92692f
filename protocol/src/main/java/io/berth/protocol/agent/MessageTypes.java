package io.berth.protocol.agent;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Wire names ↔ record classes for one sealed family (instructions or reports), read from
 * the sealed interface's permitted records and their {@link MessageType}, so adding a
 * record to the {@code permits} list is all it takes to register it.
 */
final class MessageTypes<T> {

    private final Class<T> family;
    private final Map<String, Class<? extends T>> byName = new TreeMap<>();

    MessageTypes(Class<T> family) {
        this.family = family;
        for (Class<?> permitted : family.getPermittedSubclasses()) {
            MessageType type = permitted.getAnnotation(MessageType.class);
            if (type == null) {
                throw new IllegalStateException(permitted.getName() + " has no @MessageType");
            }
            if (byName.put(type.name(), permitted.asSubclass(family)) != null) {
                throw new IllegalStateException("two " + family.getSimpleName() + " records named " + type.name());
            }
        }
    }

    Optional<Class<? extends T>> byName(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    MessageType typeOf(T message) {
        return message.getClass().getAnnotation(MessageType.class);
    }

    Iterable<String> names() {
        return byName.keySet();
    }

    String family() {
        return family.getSimpleName();
    }
}
