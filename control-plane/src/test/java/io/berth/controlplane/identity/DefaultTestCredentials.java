package io.berth.controlplane.identity;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Makes every RestAssured request of the tests carry the test profile's bootstrap admin token,
 * unless it already has credentials (an {@code Authorization} header or the session cookie) or
 * asks to be anonymous ({@link TestUsers#ANONYMOUS}); so tests written before identity existed
 * keep working, and the ones about identity say whose request it is.
 */
public class DefaultTestCredentials implements QuarkusTestBeforeEachCallback {

    private static volatile boolean installed;

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        install();
    }

    static synchronized void install() {
        if (installed) {
            return;
        }
        RestAssured.filters(new AdminByDefault());
        installed = true;
    }

    /** The bootstrap admin token of the test profile. */
    public static String adminToken() {
        return ConfigProvider.getConfig().getValue("berth.identity.bootstrap-admin-token", String.class);
    }

    static final class AdminByDefault implements Filter {
        @Override
        public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response,
                FilterContext context) {
            if (request.getHeaders().hasHeaderWithName(TestUsers.ANONYMOUS)) {
                request.removeHeader(TestUsers.ANONYMOUS);
            } else if (!request.getHeaders().hasHeaderWithName("Authorization")
                    && !request.getCookies().hasCookieWithName("berth_session")) {
                request.header("Authorization", "Bearer " + adminToken());
            }
            return context.next(request, response);
        }
    }
}
