package io.berth.engine.commit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses Docker's {@code --change} instructions the way {@code docker commit} does: one
 * Dockerfile instruction per line (a value may hold several lines; {@code \} at a line's
 * end continues it; blank lines and {@code #} comments are skipped), keyword in any case.
 *
 * <ul>
 *   <li>{@code CMD} and {@code ENTRYPOINT}: a JSON array of strings is the exec form;
 *       anything else is the shell form, {@code CMD echo hi} → {@code ["/bin/sh","-c","echo hi"]}.</li>
 *   <li>{@code ENV} and {@code LABEL}: {@code key=value} words, double or single quotes
 *       grouping, backslash escaping; or the old one-pair form {@code ENV key the value}.</li>
 *   <li>{@code EXPOSE}: {@code 80}, {@code 53/udp}, {@code 8000-8002/tcp}.</li>
 *   <li>{@code WORKDIR}, {@code USER}: one value.</li>
 * </ul>
 * Not done: {@code $VAR} substitution (values are taken literally), and the instructions
 * Docker also accepts here but Berth does not yet ({@code VOLUME}, {@code ONBUILD},
 * {@code STOPSIGNAL}, {@code HEALTHCHECK}), which are refused by name.
 */
public final class ChangeParser {

    static final String SUPPORTED = "CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, USER, WORKDIR";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ChangeParser() {
    }

    /** Parses every instruction in {@code changes}, in order. */
    public static List<ConfigChange> parseAll(List<String> changes) {
        List<ConfigChange> parsed = new ArrayList<>();
        for (String change : changes) {
            for (String line : logicalLines(change)) {
                parsed.add(parse(line));
            }
        }
        return parsed;
    }

    /** Parses one instruction line. */
    public static ConfigChange parse(String line) {
        String trimmed = line.strip();
        int space = indexOfWhitespace(trimmed);
        String keyword = (space < 0 ? trimmed : trimmed.substring(0, space)).toUpperCase(Locale.ROOT);
        String rest = space < 0 ? "" : trimmed.substring(space).strip();
        if (keyword.isEmpty()) {
            throw new InvalidChangeException("empty change instruction");
        }
        return switch (keyword) {
            case "CMD" -> new ConfigChange.Cmd(command(keyword, rest));
            case "ENTRYPOINT" -> new ConfigChange.Entrypoint(command(keyword, rest));
            case "ENV" -> new ConfigChange.Env(pairs(keyword, rest));
            case "LABEL" -> new ConfigChange.Label(pairs(keyword, rest));
            case "EXPOSE" -> new ConfigChange.Expose(ports(rest));
            case "WORKDIR" -> new ConfigChange.Workdir(single(keyword, rest));
            case "USER" -> new ConfigChange.User(single(keyword, rest));
            default -> throw new InvalidChangeException("unsupported change instruction '" + keyword
                    + "' in \"" + trimmed + "\": supported are " + SUPPORTED);
        };
    }

    private static List<String> logicalLines(String text) {
        List<String> lines = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String physical : text.split("\\r?\\n", -1)) {
            String stripped = physical.strip();
            if (current.length() == 0 && (stripped.isEmpty() || stripped.startsWith("#"))) {
                continue;
            }
            if (stripped.endsWith("\\")) {
                current.append(stripped, 0, stripped.length() - 1).append(' ');
                continue;
            }
            current.append(stripped);
            lines.add(current.toString());
            current.setLength(0);
        }
        if (current.length() > 0) {
            lines.add(current.toString().strip());
        }
        if (lines.isEmpty()) {
            throw new InvalidChangeException("empty change instruction: \"" + text + "\"");
        }
        return lines;
    }

    private static List<String> command(String keyword, String rest) {
        if (rest.startsWith("[")) {
            List<String> exec = jsonStringArray(rest);
            if (exec != null) {
                return exec;
            }
        }
        if (rest.isEmpty()) {
            throw new InvalidChangeException(keyword + " needs a command: " + keyword + " [\"executable\", \"arg\"] or "
                    + keyword + " command line");
        }
        return List.of("/bin/sh", "-c", rest);
    }

    /** The array, or null when {@code text} is not a JSON array of strings (Docker then takes the shell form). */
    private static List<String> jsonStringArray(String text) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
        if (node == null || !node.isArray()) {
            return null;
        }
        List<String> values = new ArrayList<>();
        for (JsonNode element : node) {
            if (!element.isTextual()) {
                return null;
            }
            values.add(element.textValue());
        }
        return values;
    }

    private static Map<String, String> pairs(String keyword, String rest) {
        List<String> words = ShellWords.split(rest);
        if (words.isEmpty()) {
            throw new InvalidChangeException(keyword + " needs at least one key=value");
        }
        Map<String, String> pairs = new LinkedHashMap<>();
        if (!words.get(0).contains("=")) {
            // The old form: ENV key value with spaces — one pair, the rest of the line is the value.
            String key = words.get(0);
            String value = rest.strip().substring(firstWordLength(rest.strip())).strip();
            if (value.isEmpty()) {
                throw new InvalidChangeException(keyword + " " + key + " has no value: use " + keyword + " "
                        + key + "=value or " + keyword + " " + key + " value");
            }
            pairs.put(key, String.join(" ", ShellWords.split(value)));
            return pairs;
        }
        for (String word : words) {
            int equals = word.indexOf('=');
            if (equals <= 0) {
                throw new InvalidChangeException(keyword + " expects key=value words, got \"" + word + "\" in \""
                        + keyword + " " + rest + "\"");
            }
            pairs.put(word.substring(0, equals), word.substring(equals + 1));
        }
        return pairs;
    }

    private static List<String> ports(String rest) {
        List<String> words = ShellWords.split(rest);
        if (words.isEmpty()) {
            throw new InvalidChangeException("EXPOSE needs at least one port, such as 80 or 53/udp");
        }
        List<String> ports = new ArrayList<>();
        for (String word : words) {
            String[] portAndProtocol = word.split("/", -1);
            if (portAndProtocol.length > 2) {
                throw new InvalidChangeException("invalid EXPOSE port \"" + word + "\"");
            }
            String protocol = portAndProtocol.length == 2 ? portAndProtocol[1].toLowerCase(Locale.ROOT) : "tcp";
            if (!List.of("tcp", "udp", "sctp").contains(protocol)) {
                throw new InvalidChangeException("invalid EXPOSE protocol \"" + protocol + "\" in \"" + word
                        + "\": use tcp, udp or sctp");
            }
            String[] range = portAndProtocol[0].split("-", -1);
            int first = port(range[0], word);
            int last = range.length == 2 ? port(range[1], word) : first;
            if (range.length > 2 || last < first) {
                throw new InvalidChangeException("invalid EXPOSE port range \"" + word + "\"");
            }
            for (int port = first; port <= last; port++) {
                ports.add(port + "/" + protocol);
            }
        }
        return ports;
    }

    private static int port(String text, String word) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidChangeException("invalid EXPOSE port \"" + word + "\": a port is a number from 1 to 65535");
    }

    private static String single(String keyword, String rest) {
        List<String> words = ShellWords.split(rest);
        if (words.size() != 1 || words.get(0).isEmpty()) {
            throw new InvalidChangeException(keyword + " takes exactly one value, got \"" + rest + "\"");
        }
        return words.get(0);
    }

    private static int indexOfWhitespace(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isWhitespace(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static int firstWordLength(String text) {
        int space = indexOfWhitespace(text);
        return space < 0 ? text.length() : space;
    }
}
