package io.berth.engine.runtime;

import java.util.List;

/**
 * An extra process in a running container ({@code docker exec}).
 *
 * @param args       argv, required
 * @param env        {@code KEY=value} entries added to the container's environment
 * @param workingDir absolute; null = the container's working directory
 * @param user       null = the container's user
 * @param tty        give the process a terminal (stdout and stderr then share it)
 */
public record ExecSpec(List<String> args, List<String> env, String workingDir, String user, boolean tty) {
    public ExecSpec {
        if (args == null || args.isEmpty()) {
            throw new IllegalArgumentException("exec needs a command: args is empty");
        }
        args = List.copyOf(args);
        env = env == null ? List.of() : List.copyOf(env);
        if (workingDir != null && !workingDir.startsWith("/")) {
            throw new IllegalArgumentException("exec working directory '" + workingDir + "' must be an absolute path");
        }
        if (user != null) {
            UserSpec.parse(user);
        }
    }

    public static ExecSpec of(String... args) {
        return new ExecSpec(List.of(args), List.of(), null, null, false);
    }

    public ExecSpec withTty(boolean tty) {
        return new ExecSpec(args, env, workingDir, user, tty);
    }

    public ExecSpec withUser(String user) {
        return new ExecSpec(args, env, workingDir, user, tty);
    }

    public ExecSpec withEnv(String... entries) {
        return new ExecSpec(args, List.of(entries), workingDir, user, tty);
    }

    public ExecSpec withWorkingDir(String dir) {
        return new ExecSpec(args, env, dir, user, tty);
    }
}
