package io.berth.engine.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * The argv of a container's first process, merged as Docker does from the image's
 * {@code Entrypoint} and {@code Cmd} and the run's overrides.
 *
 * <ul>
 *   <li>The entrypoint is the run's when given (an empty list clears the image's, as
 *       {@code --entrypoint ""} does), else the image's.</li>
 *   <li>The command is the run's when it has arguments. Otherwise the image's
 *       {@code Cmd} — unless the run replaced the entrypoint: Docker drops the image's
 *       {@code Cmd} then, because it was written for the image's entrypoint.</li>
 *   <li>argv = entrypoint + command; an empty argv is refused.</li>
 * </ul>
 */
public record CommandLine(List<String> entrypoint, List<String> command) {

    public CommandLine {
        entrypoint = List.copyOf(entrypoint);
        command = List.copyOf(command);
    }

    /**
     * @param imageEntrypoint the image's Entrypoint (null or empty: none)
     * @param imageCmd        the image's Cmd (null or empty: none)
     * @param runEntrypoint   the run's entrypoint, or null to keep the image's
     * @param runCmd          the run's arguments, or null/empty to keep the image's Cmd
     */
    public static CommandLine merge(List<String> imageEntrypoint, List<String> imageCmd,
                                    List<String> runEntrypoint, List<String> runCmd) {
        List<String> entrypoint = runEntrypoint != null ? runEntrypoint : orEmpty(imageEntrypoint);
        List<String> command;
        if (runCmd != null && !runCmd.isEmpty()) {
            command = runCmd;
        } else if (runEntrypoint != null) {
            command = List.of();
        } else {
            command = orEmpty(imageCmd);
        }
        CommandLine merged = new CommandLine(entrypoint, command);
        if (merged.argv().isEmpty()) {
            throw new IllegalArgumentException("no command specified: the image has no Entrypoint or Cmd and the run gives none");
        }
        return merged;
    }

    /** The process's arguments, {@code argv[0]} first. */
    public List<String> argv() {
        List<String> argv = new ArrayList<>(entrypoint);
        argv.addAll(command);
        return List.copyOf(argv);
    }

    private static List<String> orEmpty(List<String> list) {
        return list == null ? List.of() : list;
    }
}
