package io.berth.engine.runtime;

/** How an exec ended and what it wrote. */
public record ExecResult(int exitCode, String stdout, String stderr) {
}
