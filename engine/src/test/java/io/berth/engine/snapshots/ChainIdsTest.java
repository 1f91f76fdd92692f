package io.berth.engine.snapshots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChainIdsTest {

    // The two diff ids of the OCI image spec's config example (config.md, rootfs.diff_ids),
    // plus a third; the expected values were computed with `printf '%s %s' … | sha256sum`.
    static final String L0 = "sha256:c6f988f4874bb0add23a778f753c65efe992244e148a1d2ec2a8b664fb66bbd1";
    static final String L1 = "sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef";
    static final String L2 = "sha256:a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4";
    static final String C1 = "sha256:c3191d32a37d7159b2e30830937d2e30268ad6c375a773a8994911a3aba9b93f";
    static final String C2 = "sha256:5746d8988d25982d8b8e4e833a7bbd084707c7a86356bb6f8c5e9843ec144393";

    @Test
    void baseLayerChainIdIsItsDiffId() {
        assertThat(ChainIds.of(List.of(L0))).containsExactly(L0);
        assertThat(ChainIds.next(null, L0)).isEqualTo(L0);
    }

    @Test
    void eachLayerHashesParentChainAndDiffId() {
        assertThat(ChainIds.of(List.of(L0, L1, L2))).containsExactly(L0, C1, C2);
        assertThat(ChainIds.top(List.of(L0, L1, L2))).isEqualTo(C2);
        assertThat(ChainIds.next(C1, L2)).isEqualTo(C2);
    }

    @Test
    void orderMatters() {
        assertThat(ChainIds.top(List.of(L1, L0))).isNotEqualTo(C1);
    }

    @Test
    void refusesMalformedDigests() {
        assertThatThrownBy(() -> ChainIds.of(List.of("sha256:ABC")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sha256:ABC");
        assertThatThrownBy(() -> ChainIds.next("../../etc", L0))
                .hasMessageContaining("../../etc");
        assertThatThrownBy(() -> ChainIds.top(List.of())).hasMessageContaining("at least one");
    }
}
