package io.berth.protocol;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The stable name and schema version an event record is stored and published under. The name
 * (e.g. {@code host.registered}) never changes when the Java class is renamed or moved; a change
 * to the record's shape that old readers cannot read raises {@link #version()}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface EventType {
    String name();

    int version() default 1;
}
