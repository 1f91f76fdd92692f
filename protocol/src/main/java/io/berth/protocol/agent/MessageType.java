package io.berth.protocol.agent;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The stable wire name and schema version of an instruction or report. As with
 * {@link io.berth.protocol.EventType}, the name survives renames of the Java class; a change
 * that old readers cannot read raises the version.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface MessageType {
    String name();

    int version() default 1;
}
