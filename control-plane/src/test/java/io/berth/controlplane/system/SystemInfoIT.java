package io.berth.controlplane.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** The control plane against the real PostgreSQL and Kafka that deploy/berth test starts. */
@QuarkusTest
class SystemInfoIT {

    @Inject
    InstanceRegistry registry;

    @Inject
    Pool client;

    @Test
    void registersItselfInPostgresAndReportsItThroughTheApi() {
        var row = client.preparedQuery("SELECT hostname FROM control_plane_instances WHERE instance_id = $1")
                .execute(Tuple.of(registry.instanceId())).await().indefinitely();
        assertThat(row.rowCount()).isEqualTo(1);

        given().get("/api/v1/system/info").then()
                .statusCode(200)
                .body("instanceId", equalTo(registry.instanceId().toString()))
                .body("postgresVersion", startsWith("15"))
                .body("kafkaBrokers", equalTo(1))
                .body("instances.instanceId", hasItem(registry.instanceId().toString()));
    }

    @Test
    void flywayAppliedTheEventStoreSchema() {
        var rows = client.query("SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank")
                .execute().await().indefinitely();
        var versions = new java.util.ArrayList<String>();
        rows.forEach(r -> versions.add(r.getString(0)));
        assertThat(versions).contains("1", "2");
    }

    @Test
    void readinessReportsPostgresAndKafkaUp() {
        given().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name =~ /(?i).*postgres.*/ }.status", equalTo("UP"))
                .body("checks.find { it.name =~ /(?i).*kafka.*/ }.status", equalTo("UP"));
    }

    @Test
    void servesAnOpenApiDocumentOfTheRestApi() {
        var paths = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract()
                .jsonPath().getMap("paths").keySet();
        assertThat(paths).contains("/api/v1/containers", "/api/v1/containers/{id}/logs",
                "/api/v1/containers/{id}/exec", "/api/v1/containers/{id}/commit", "/api/v1/images/import",
                "/api/v1/hosts/{hostId}/drain", "/api/v1/images/{image}/history");
    }

    @Test
    void servesTheDashboardAtTheRoot() {
        given().get("/").then().statusCode(200).body(org.hamcrest.Matchers.containsString("<div id=\"root\">"));
    }

}
