package io.berth.controlplane.identity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.Map;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.Test;

/**
 * OIDC enabled: a JWT of the identity provider authenticates, its username and role taken from
 * the configured claims, and Berth's own tokens keep working beside it. The provider here is a
 * key pair made for the test (the tenant verifies with the public key, no server needed).
 */
@QuarkusTest
@TestProfile(OidcIT.WithOidc.class)
class OidcIT {

    static final KeyPair PROVIDER = keyPair();
    static final KeyPair STRANGER = keyPair();

    public static class WithOidc implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.oidc.tenant-enabled", "true",
                    "quarkus.oidc.auth-server-url", "",
                    "quarkus.oidc.public-key",
                    Base64.getEncoder().encodeToString(PROVIDER.getPublic().getEncoded()));
        }
    }

    private static KeyPair keyPair() {
        try {
            var generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String jwt(PrivateKey key, String username, String role) throws JoseException {
        var claims = new JwtClaims();
        claims.setSubject("sub-" + username);
        claims.setClaim("preferred_username", username);
        claims.setClaim("berth_role", role);
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(10);
        var jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        return jws.getCompactSerialization();
    }

    @Test
    void aProviderTokenAuthenticatesWithTheUsernameAndRoleOfItsClaims() throws Exception {
        String operator = jwt(PROVIDER.getPrivate(), "oidc-ann", "operator");
        given().header("Authorization", TestUsers.bearer(operator)).get("/api/v1/session").then().statusCode(200)
                .body("username", equalTo("oidc-ann")).body("role", equalTo("operator"));
        given().header("Authorization", TestUsers.bearer(operator)).get("/api/v1/users").then().statusCode(403);
        String viewer = jwt(PROVIDER.getPrivate(), "oidc-bob", "viewer");
        given().header("Authorization", TestUsers.bearer(viewer)).post("/api/v1/containers/none/stop").then()
                .statusCode(403);
        given().get("/api/v1/streams/access-oidc-bob").then().statusCode(200)
                .body("[0].type", equalTo("access.denied")).body("[0].metadata.actor", equalTo("oidc-bob"));
    }

    @Test
    void aTokenSignedByAnotherKeyIsRefusedAndBerthTokensStillWork() throws Exception {
        given().header("Authorization", TestUsers.bearer(jwt(STRANGER.getPrivate(), "mallory", "admin")))
                .get("/api/v1/session").then().statusCode(401);
        given().header("Authorization", TestUsers.bearer(TestUsers.token(Roles.VIEWER))).get("/api/v1/session")
                .then().statusCode(200).body("role", equalTo("viewer"));
    }
}
