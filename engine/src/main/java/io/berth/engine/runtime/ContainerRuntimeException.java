package io.berth.engine.runtime;

/** runc or conmon failed, or the host refused an operation; the message says which and why. */
public class ContainerRuntimeException extends RuntimeException {
    public ContainerRuntimeException(String message) {
        super(message);
    }

    public ContainerRuntimeException(String message, Throwable cause) {
        super(message, cause);
    }
}
