package io.berth.controlplane.identity;

import java.util.List;
import java.util.Set;

/**
 * The three roles, weakest first. Each implies the ones before it: an admin is also an operator
 * and a viewer, so {@code @RolesAllowed(Roles.OPERATOR)} admits admins too
 * ({@link RoleImplication} puts the implied roles on every identity).
 */
public final class Roles {

    /** Reads everything: fleet, containers, images, logs, events, audit. */
    public static final String VIEWER = "viewer";
    /** Changes the fleet: runs, stops, removes containers, execs, imports and tags images, drains hosts. */
    public static final String OPERATOR = "operator";
    /** Manages users and tokens, registers and removes hosts, rebuilds projections, appends raw events. */
    public static final String ADMIN = "admin";

    private static final List<String> ORDER = List.of(VIEWER, OPERATOR, ADMIN);

    private Roles() {
    }

    public static boolean isRole(String role) {
        return role != null && ORDER.contains(role);
    }

    /** The role and every role it implies, e.g. {@code operator} → {@code operator, viewer}. */
    public static Set<String> implied(String role) {
        int rank = ORDER.indexOf(role);
        if (rank < 0) {
            return Set.of();
        }
        return Set.copyOf(ORDER.subList(0, rank + 1));
    }

    /** The strongest role in {@code roles}, or null when none is a known role. */
    public static String strongest(Set<String> roles) {
        for (int i = ORDER.size() - 1; i >= 0; i--) {
            if (roles.contains(ORDER.get(i))) {
                return ORDER.get(i);
            }
        }
        return null;
    }

    public static List<String> all() {
        return ORDER;
    }
}
