package io.berth.controlplane.identity;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The role × endpoint matrix of docs/identity.md, one row per JAX-RS resource method. Every
 * resource method in the control plane must have a row (a new endpoint without one fails here),
 * its annotation must say the row's role, and over HTTP each of anonymous, viewer, operator and
 * admin must be let through (no 401/403) exactly when the row's role allows it. Rows use
 * requests that cannot change anything (unknown ids, empty bodies): the test is about who gets
 * past the door, not what happens behind it.
 */
@QuarkusTest
class RoleMatrixIT {

    /** Who may call: a role, anyone ({@code PermitAll}), or agents (not the identity layer's business). */
    enum Access {
        VIEWER(Roles.VIEWER), OPERATOR(Roles.OPERATOR), ADMIN(Roles.ADMIN), ANYONE(null), AGENTS(null);

        final String role;

        Access(String role) {
            this.role = role;
        }
    }

    record Row(Access access, String method, String path, String contentType, String accept, String body) {
    }

    private static final String JSON = "application/json";
    private static final Map<String, Row> TABLE = new LinkedHashMap<>();

    private static void row(String endpoint, Access access, String method, String path) {
        row(endpoint, access, method, path, null, null, null);
    }

    private static void row(String endpoint, Access access, String method, String path, String contentType,
            String accept, String body) {
        TABLE.put(endpoint, new Row(access, method, path, contentType, accept, body));
    }

    static {
        row("DashboardResource.liveStart", Access.VIEWER, "GET", "/api/v1/dashboard/live-start");
        row("DashboardResource.auditEvents", Access.VIEWER, "GET", "/api/v1/dashboard/audit?limit=1");
        row("DashboardResource.exportAudit", Access.VIEWER, "GET", "/api/v1/dashboard/audit/export?stream=host-none");
        row("DashboardResource.imageLineage", Access.VIEWER, "GET", "/api/v1/dashboard/lineage");
        row("ContainersResource.runContainer", Access.OPERATOR, "POST", "/api/v1/containers", JSON, null, "{}");
        row("ContainersResource.listContainers", Access.VIEWER, "GET", "/api/v1/containers");
        row("ContainersResource.inspectContainer", Access.VIEWER, "GET", "/api/v1/containers/matrix-none");
        row("ContainersResource.containerEvents", Access.VIEWER, "GET", "/api/v1/containers/matrix-none/events");
        row("ContainersResource.startContainer", Access.OPERATOR, "POST", "/api/v1/containers/matrix-none/start");
        row("ContainersResource.stopContainer", Access.OPERATOR, "POST", "/api/v1/containers/matrix-none/stop");
        row("ContainersResource.restartContainer", Access.OPERATOR, "POST",
                "/api/v1/containers/matrix-none/restart");
        row("ContainersResource.killContainer", Access.OPERATOR, "POST", "/api/v1/containers/matrix-none/kill");
        row("ContainersResource.removeContainer", Access.OPERATOR, "DELETE", "/api/v1/containers/matrix-none");
        row("ContainersResource.commitContainer", Access.OPERATOR, "POST", "/api/v1/containers/matrix-none/commit",
                JSON, null, "{}");
        row("ContainerStreamsResource.diff", Access.VIEWER, "GET", "/api/v1/containers/matrix-none/diff");
        row("ContainerStreamsResource.logs", Access.VIEWER, "GET", "/api/v1/containers/matrix-none/logs", null,
                "text/plain", null);
        row("ContainerStreamsResource.logEvents", Access.VIEWER, "GET", "/api/v1/containers/matrix-none/logs", null,
                "text/event-stream", null);
        row("ContainerStreamsResource.exec", Access.OPERATOR, "POST", "/api/v1/containers/matrix-none/exec", JSON,
                null, "{}");
        row("UploadsResource.fetch", Access.AGENTS, "GET", "/api/v1/agents/uploads/matrix-none");
        row("AgentEnrollmentResource.enroll", Access.AGENTS, "POST", "/api/v1/agents/enroll", JSON, null, "{}");
        row("EnrollmentTokensResource.issueEnrollmentToken", Access.ADMIN, "POST", "/api/v1/hosts/enrollment-tokens",
                JSON, null, "{\"expiresInSeconds\":0}");
        row("ImagesResource.listImages", Access.VIEWER, "GET", "/api/v1/images");
        row("ImagesResource.imagesOnHost", Access.VIEWER, "GET", "/api/v1/images/hosts/matrix-none");
        row("ImagesResource.importArchive", Access.OPERATOR, "POST", "/api/v1/images/import?host=matrix-none",
                "application/octet-stream", null, "");
        row("ImagesResource.imageHistory", Access.VIEWER, "GET", "/api/v1/images/matrix-none/history");
        row("ImagesResource.imageLayers", Access.VIEWER, "GET", "/api/v1/images/matrix-none/layers");
        row("ImagesResource.tagImage", Access.OPERATOR, "POST", "/api/v1/images/matrix-none/tag", JSON, null, "{}");
        row("ImagesResource.inspectImage", Access.VIEWER, "GET", "/api/v1/images/matrix-none");
        row("ImagesResource.removeImage", Access.OPERATOR, "DELETE", "/api/v1/images/matrix-none");
        row("StreamsResource.readStream", Access.VIEWER, "GET", "/api/v1/streams/host-matrix-none");
        row("StreamsResource.appendToStream", Access.ADMIN, "POST", "/api/v1/streams/host-matrix-none/events", JSON,
                null, "{}");
        row("AuditResource.verify", Access.VIEWER, "GET", "/api/v1/audit/verify");
        row("AuditQueriesResource.runs", Access.VIEWER, "GET", "/api/v1/audit/runs?limit=1");
        row("AuditQueriesResource.commits", Access.VIEWER, "GET", "/api/v1/audit/commits?limit=1");
        row("AuditQueriesResource.actorEvents", Access.VIEWER, "GET", "/api/v1/audit/actors/nobody/events?limit=1");
        row("AuditQueriesResource.hostEvents", Access.VIEWER, "GET", "/api/v1/audit/hosts/none/events?limit=1");
        row("ProjectionsResource.listProjections", Access.VIEWER, "GET", "/api/v1/projections");
        row("ProjectionsResource.inspectProjection", Access.VIEWER, "GET", "/api/v1/projections/matrix-none");
        row("ProjectionsResource.rebuildProjection", Access.ADMIN, "POST",
                "/api/v1/projections/matrix-none/rebuild");
        row("HostsResource.listHosts", Access.VIEWER, "GET", "/api/v1/hosts");
        row("HostsResource.inspectHost", Access.VIEWER, "GET", "/api/v1/hosts/matrix-none");
        row("HostsResource.hostHistory", Access.VIEWER, "GET", "/api/v1/hosts/matrix-none/events");
        row("HostsResource.registerHost", Access.ADMIN, "POST", "/api/v1/hosts", JSON, null, "{}");
        row("HostsResource.drainHost", Access.OPERATOR, "POST", "/api/v1/hosts/matrix-none/drain", JSON, null, "{}");
        row("HostsResource.markHostLost", Access.OPERATOR, "POST", "/api/v1/hosts/matrix-none/lost", JSON, null,
                "{}");
        row("HostsResource.markHostBack", Access.OPERATOR, "POST", "/api/v1/hosts/matrix-none/back");
        row("HostsResource.removeHost", Access.ADMIN, "DELETE", "/api/v1/hosts/matrix-none");
        row("TimeTravelResource.fleetAsOf", Access.VIEWER, "GET", "/api/v1/timetravel/fleet?position=1");
        row("SystemResource.info", Access.VIEWER, "GET", "/api/v1/system/info");
        row("EventStreamResource.stream", Access.VIEWER, "GET", "/api/v1/events/stream?since=not-a-position");
        row("TasksResource.list", Access.VIEWER, "GET", "/api/v1/tasks");
        row("TasksResource.get", Access.VIEWER, "GET", "/api/v1/tasks/matrix-none");
        row("SessionResource.login", Access.ANYONE, "POST", "/api/v1/session", JSON, null, "{}");
        row("SessionResource.whoami", Access.VIEWER, "GET", "/api/v1/session");
        row("SessionResource.logout", Access.VIEWER, "DELETE", "/api/v1/session");
        row("SessionResource.changeOwnPassword", Access.VIEWER, "PUT", "/api/v1/session/password", JSON, null, "{}");
        row("UsersResource.listUsers", Access.ADMIN, "GET", "/api/v1/users");
        row("UsersResource.createUser", Access.ADMIN, "POST", "/api/v1/users", JSON, null, "{}");
        row("UsersResource.inspectUser", Access.ADMIN, "GET", "/api/v1/users/matrix-none");
        row("UsersResource.changeRole", Access.ADMIN, "PUT", "/api/v1/users/matrix-none/role", JSON, null, "{}");
        row("UsersResource.setPassword", Access.ADMIN, "PUT", "/api/v1/users/matrix-none/password", JSON, null,
                "{}");
        row("UsersResource.disableUser", Access.ADMIN, "POST", "/api/v1/users/matrix-none/disable");
        row("UsersResource.enableUser", Access.ADMIN, "POST", "/api/v1/users/matrix-none/enable");
        row("UsersResource.listTokens", Access.ADMIN, "GET", "/api/v1/users/matrix-none/tokens");
        row("UsersResource.issueToken", Access.ADMIN, "POST", "/api/v1/users/matrix-none/tokens", JSON, null, "{}");
        row("UsersResource.revokeToken", Access.ADMIN, "DELETE", "/api/v1/users/matrix-none/tokens/none");
    }

    @Test
    void everyResourceMethodHasARowAndItsAnnotationSaysTheRowsRole() throws Exception {
        var found = resourceMethods();
        assertThat(found).as("resource methods found by scanning target/classes").hasSizeGreaterThan(40);
        var missing = new TreeSet<String>();
        var wrong = new ArrayList<String>();
        found.forEach((name, method) -> {
            Row row = TABLE.get(name);
            if (row == null) {
                missing.add(name);
                return;
            }
            String declared = declaredAccess(method);
            String expected = row.access() == Access.AGENTS || row.access() == Access.ANYONE ? "permit-all"
                    : row.access().role;
            if (!expected.equals(declared)) {
                wrong.add(name + ": annotated " + declared + ", the matrix says " + expected);
            }
        });
        assertThat(missing).as("resource methods without a row in the role matrix (add one here and in"
                + " docs/identity.md)").isEmpty();
        assertThat(wrong).isEmpty();
        assertThat(new TreeSet<>(TABLE.keySet())).as("rows for methods that no longer exist")
                .isSubsetOf(found.keySet());
    }

    @Test
    void eachRoleIsLetThroughExactlyWhereTheMatrixSays() {
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("anonymous", null);
        for (String role : Roles.all()) {
            tokens.put(role, TestUsers.token(role));
        }
        var mismatches = new ArrayList<String>();
        TABLE.forEach((endpoint, row) -> {
            Integer anonymousStatus = null;
            for (var caller : tokens.entrySet()) {
                int status = send(row, caller.getValue());
                if (row.access() == Access.AGENTS) {
                    // not the identity layer's: user credentials must make no difference
                    if (anonymousStatus == null) {
                        anonymousStatus = status;
                    } else if (status != anonymousStatus) {
                        mismatches.add(endpoint + " as " + caller.getKey() + ": " + status + ", anonymous got "
                                + anonymousStatus);
                    }
                    continue;
                }
                boolean allowed = row.access() == Access.ANYONE
                        || caller.getValue() != null && Roles.implied(caller.getKey()).contains(row.access().role);
                int denied = caller.getValue() == null ? 401 : 403;
                if (allowed && (status == 401 || status == 403) || !allowed && status != denied) {
                    mismatches.add(endpoint + " as " + caller.getKey() + ": " + status + ", expected "
                            + (allowed ? "not 401/403" : denied));
                }
                if (status >= 500) {
                    mismatches.add(endpoint + " as " + caller.getKey() + ": " + status);
                }
            }
        });
        assertThat(mismatches).isEmpty();
    }

    private static int send(Row row, String token) {
        RequestSpecification request = token == null ? given().header(TestUsers.ANONYMOUS, "true")
                : given().header("Authorization", TestUsers.bearer(token));
        if (row.contentType() != null) {
            request.contentType(row.contentType()).body(row.body().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        if (row.accept() != null) {
            request.accept(row.accept());
        }
        return request.request(row.method(), row.path()).statusCode();
    }

    private static String declaredAccess(Method method) {
        RolesAllowed roles = method.getAnnotation(RolesAllowed.class);
        if (roles == null) {
            roles = method.getDeclaringClass().getAnnotation(RolesAllowed.class);
        }
        if (roles != null) {
            return String.join(",", roles.value());
        }
        if (method.isAnnotationPresent(PermitAll.class) || method.getDeclaringClass().isAnnotationPresent(
                PermitAll.class)) {
            return "permit-all";
        }
        return "none";
    }

    /** {@code SimpleClassName.method} of every JAX-RS resource method compiled into target/classes. */
    static Map<String, Method> resourceMethods() throws IOException {
        var root = Paths.get("target/classes");
        var methods = new LinkedHashMap<String, Method>();
        try (Stream<java.nio.file.Path> files = Files.walk(root.resolve("io/berth/controlplane"))) {
            for (var file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = root.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type;
                try {
                    type = Class.forName(name, false, Thread.currentThread().getContextClassLoader());
                } catch (ClassNotFoundException | LinkageError e) {
                    continue;
                }
                if (!type.isAnnotationPresent(Path.class)) {
                    continue;
                }
                for (Method method : type.getDeclaredMethods()) {
                    if (Stream.of(GET.class, POST.class, PUT.class, DELETE.class, PATCH.class, HEAD.class)
                            .anyMatch(method::isAnnotationPresent)) {
                        methods.put(type.getSimpleName() + "." + method.getName(), method);
                    }
                }
            }
        }
        return methods;
    }
}
