package io.berth.engine.runtime;

/** No container with this id exists in the runtime's state directory. */
public class NoSuchContainerException extends RuntimeException {
    private final String id;

    public NoSuchContainerException(String id) {
        super("no such container: " + id);
        this.id = id;
    }

    public String id() {
        return id;
    }
}
