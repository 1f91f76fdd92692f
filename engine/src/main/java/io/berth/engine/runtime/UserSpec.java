package io.berth.engine.runtime;

/**
 * The {@code --user} of a run or the image's {@code User}: {@code user} or
 * {@code user:group}, each a name or a number. Empty means root.
 *
 * @param user  a user name or a numeric uid
 * @param group a group name or numeric gid, or null when not given
 */
public record UserSpec(String user, String group) {
    public static final UserSpec ROOT = new UserSpec("0", null);

    /** Parses {@code uid}, {@code uid:gid}, {@code name}, {@code name:group}; null or blank is root. */
    public static UserSpec parse(String spec) {
        if (spec == null || spec.isBlank()) {
            return ROOT;
        }
        String s = spec.trim();
        int colon = s.indexOf(':');
        String user = colon < 0 ? s : s.substring(0, colon);
        String group = colon < 0 ? null : s.substring(colon + 1);
        if (user.isEmpty()) {
            throw new IllegalArgumentException("bad user spec '" + spec + "': empty user");
        }
        if (group != null && (group.isEmpty() || group.contains(":"))) {
            throw new IllegalArgumentException("bad user spec '" + spec + "': expected user or user:group");
        }
        checkPart(spec, user);
        if (group != null) {
            checkPart(spec, group);
        }
        return new UserSpec(user, group);
    }

    private static void checkPart(String spec, String part) {
        if (isNumeric(part)) {
            long id;
            try {
                id = Long.parseLong(part);
            } catch (NumberFormatException e) {
                id = Long.MAX_VALUE;
            }
            if (id > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("bad user spec '" + spec + "': id " + part + " is out of range (0-2147483647)");
            }
        } else if (part.startsWith("-") && isNumeric(part.substring(1))) {
            throw new IllegalArgumentException("bad user spec '" + spec + "': negative id " + part);
        } else if (!part.matches("[A-Za-z0-9_.][A-Za-z0-9_.$-]*")) {
            throw new IllegalArgumentException("bad user spec '" + spec + "': '" + part + "' is not a valid name");
        }
    }

    static boolean isNumeric(String s) {
        return !s.isEmpty() && s.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
