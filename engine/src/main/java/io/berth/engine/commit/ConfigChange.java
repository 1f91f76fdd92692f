package io.berth.engine.commit;

import java.util.List;
import java.util.Map;

/**
 * One Docker-style {@code --change} instruction, parsed ({@link ChangeParser}) and ready to
 * apply to an image's container config ({@link ConfigChanges}).
 */
public sealed interface ConfigChange {

    /** {@code CMD}: the default arguments; shell form already wrapped in {@code /bin/sh -c}. */
    record Cmd(List<String> args) implements ConfigChange {
        public Cmd {
            args = List.copyOf(args);
        }
    }

    /** {@code ENTRYPOINT}: the executable; shell form already wrapped in {@code /bin/sh -c}. */
    record Entrypoint(List<String> args) implements ConfigChange {
        public Entrypoint {
            args = List.copyOf(args);
        }
    }

    /** {@code ENV}: variables set or replaced, in the order written. */
    record Env(Map<String, String> variables) implements ConfigChange {
    }

    /** {@code WORKDIR}: absolute, or relative to the current working directory. */
    record Workdir(String path) implements ConfigChange {
    }

    /** {@code USER}: {@code user}, {@code uid}, {@code user:group} or {@code uid:gid}. */
    record User(String user) implements ConfigChange {
    }

    /** {@code EXPOSE}: ports as {@code <port>/<protocol>}, ranges expanded. */
    record Expose(List<String> ports) implements ConfigChange {
        public Expose {
            ports = List.copyOf(ports);
        }
    }

    /** {@code LABEL}: labels set or replaced, in the order written. */
    record Label(Map<String, String> labels) implements ConfigChange {
    }
}
