package io.berth.engine.agent.instructions;

/**
 * The instruction itself is wrong (unknown image, bad signal, taken name): reported as
 * InstructionFailed with {@code refused=true}, since retrying it cannot help.
 */
public class InstructionRefused extends RuntimeException {
    public InstructionRefused(String reason) {
        super(reason);
    }
}
