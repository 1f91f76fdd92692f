package io.berth.controlplane.identity;

import io.berth.controlplane.api.InvalidCommand;
import java.util.regex.Pattern;

/** What a username may look like: it names a stream ({@code user-<username>}) and shows in the audit trail. */
public final class Usernames {

    private static final Pattern PATTERN = Pattern.compile("^[a-z0-9][a-z0-9._-]{0,63}$");

    private Usernames() {
    }

    public static boolean isValid(String username) {
        return username != null && PATTERN.matcher(username).matches();
    }

    public static String require(String username) {
        if (!isValid(username)) {
            throw new InvalidCommand("a username is 1-64 characters of a-z 0-9 . _ - and starts with a letter or"
                    + " digit");
        }
        return username;
    }
}
