package io.berth.engine.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * A container's {@code /etc/passwd} and {@code /etc/group}, parsed, resolving a
 * {@link UserSpec} the way runc and Docker do:
 * <ul>
 *   <li>a user name must exist in passwd; a numeric uid need not (gid 0, home {@code /});</li>
 *   <li>the primary group is the passwd entry's unless a group is given; a group name must
 *       exist in the group file, a number is taken as is;</li>
 *   <li>supplementary groups are the groups that list the user's name as a member.</li>
 * </ul>
 */
public final class UserDatabase {
    record PasswdEntry(String name, int uid, int gid, String home) {
    }

    record GroupEntry(String name, int gid, List<String> members) {
    }

    private final List<PasswdEntry> users;
    private final List<GroupEntry> groups;

    private UserDatabase(List<PasswdEntry> users, List<GroupEntry> groups) {
        this.users = users;
        this.groups = groups;
    }

    public static final UserDatabase EMPTY = new UserDatabase(List.of(), List.of());

    /** Parses passwd and group file contents; malformed lines are skipped, as libc does. */
    public static UserDatabase parse(String passwd, String group) {
        List<PasswdEntry> users = new ArrayList<>();
        for (String line : lines(passwd)) {
            String[] f = line.split(":", -1);
            if (f.length < 7 || !UserSpec.isNumeric(f[2]) || !UserSpec.isNumeric(f[3])) {
                continue;
            }
            Integer uid = toId(f[2]);
            Integer gid = toId(f[3]);
            if (uid != null && gid != null) {
                users.add(new PasswdEntry(f[0], uid, gid, f[5]));
            }
        }
        List<GroupEntry> groups = new ArrayList<>();
        for (String line : lines(group)) {
            String[] f = line.split(":", -1);
            if (f.length < 4 || !UserSpec.isNumeric(f[2])) {
                continue;
            }
            Integer gid = toId(f[2]);
            if (gid != null) {
                groups.add(new GroupEntry(f[0], gid, f[3].isEmpty() ? List.of() : List.of(f[3].split(","))));
            }
        }
        return new UserDatabase(List.copyOf(users), List.copyOf(groups));
    }

    public ResolvedUser resolve(UserSpec spec) {
        PasswdEntry entry;
        if (UserSpec.isNumeric(spec.user())) {
            int uid = Integer.parseInt(spec.user());
            entry = users.stream().filter(u -> u.uid() == uid).findFirst()
                .orElse(new PasswdEntry(null, uid, 0, "/"));
        } else {
            entry = users.stream().filter(u -> u.name().equals(spec.user())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                    "unable to find user " + spec.user() + ": no matching entries in passwd file"));
        }
        int gid = entry.gid();
        if (spec.group() != null) {
            if (UserSpec.isNumeric(spec.group())) {
                gid = Integer.parseInt(spec.group());
            } else {
                gid = groups.stream().filter(g -> g.name().equals(spec.group())).findFirst()
                    .map(GroupEntry::gid)
                    .orElseThrow(() -> new IllegalArgumentException(
                        "unable to find group " + spec.group() + ": no matching entries in group file"));
            }
        }
        List<Integer> additional = new ArrayList<>();
        if (entry.name() != null) {
            for (GroupEntry g : groups) {
                if (g.members().contains(entry.name()) && g.gid() != gid && !additional.contains(g.gid())) {
                    additional.add(g.gid());
                }
            }
        }
        String home = entry.home() == null || entry.home().isEmpty() ? "/" : entry.home();
        return new ResolvedUser(entry.uid(), gid, additional, home);
    }

    private static List<String> lines(String text) {
        if (text == null) {
            return List.of();
        }
        return text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    private static Integer toId(String s) {
        try {
            long v = Long.parseLong(s);
            return v <= Integer.MAX_VALUE ? (int) v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
