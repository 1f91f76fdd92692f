package io.berth.controlplane.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The control plane's own settings, under {@code berth.*}. */
@ConfigMapping(prefix = "berth")
public interface BerthConfig {

    /** Who acts when a request carries no identity yet (until users and tokens exist). */
    LocalIdentity localIdentity();

    interface LocalIdentity {
        @WithDefault("local-admin")
        String actor();
    }
}
