package io.berth.engine.runtime;

/** Which of a container's output streams a log entry came from. */
public enum StdStream {
    STDOUT, STDERR;

    /** The name conmon writes in its k8s-file log. */
    String logName() {
        return this == STDOUT ? "stdout" : "stderr";
    }

    static StdStream fromLogName(String name) {
        return switch (name) {
            case "stdout" -> STDOUT;
            case "stderr" -> STDERR;
            default -> throw new IllegalArgumentException("unknown log stream '" + name + "'");
        };
    }
}
