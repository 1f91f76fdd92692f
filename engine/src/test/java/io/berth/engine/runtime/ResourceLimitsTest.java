package io.berth.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ResourceLimitsTest {
    @Test
    void cpusBecomeAQuotaOverA100msPeriod() {
        ResourceLimits l = ResourceLimits.none().withCpus(1.5);
        assertThat(l.effectiveCpuQuota()).isEqualTo(150_000);
        assertThat(l.effectiveCpuPeriod()).isEqualTo(100_000);
    }

    @Test
    void swapDefaultsToTwiceTheMemory() {
        assertThat(ResourceLimits.none().withMemory(64 << 20).effectiveMemorySwap()).isEqualTo(128L << 20);
        assertThat(ResourceLimits.none().withMemory(64 << 20).withMemorySwap(-1).effectiveMemorySwap()).isEqualTo(-1);
        assertThat(ResourceLimits.none().effectiveMemorySwap()).isZero();
    }

    @Test
    void negativeValuesAreRefusedByName() {
        assertThatThrownBy(() -> ResourceLimits.none().withMemory(-1)).hasMessage("memory limit must not be negative, got -1");
        assertThatThrownBy(() -> ResourceLimits.none().withPids(-5)).hasMessage("pids limit must not be negative, got -5");
        assertThatThrownBy(() -> ResourceLimits.none().withCpus(-0.5)).hasMessageContaining("cpus must be a non-negative number");
        assertThatThrownBy(() -> ResourceLimits.none().withCpuShares(-2)).hasMessageContaining("cpu shares must not be negative");
    }

    @Test
    void inconsistentCombinationsAreRefused() {
        assertThatThrownBy(() -> ResourceLimits.none().withMemory(1024)).hasMessageContaining("below the minimum of 6 MiB");
        assertThatThrownBy(() -> ResourceLimits.none().withMemory(64 << 20).withMemorySwap(32 << 20))
            .hasMessageContaining("smaller than the memory limit");
        assertThatThrownBy(() -> ResourceLimits.none().withCpus(1).withCpuQuota(50_000, 100_000))
            .hasMessageContaining("exclusive");
        assertThatThrownBy(() -> ResourceLimits.none().withCpuQuota(50_000, 10)).hasMessageContaining("cpu period 10");
        assertThatThrownBy(() -> ResourceLimits.none().withMemorySwap(64 << 20)).hasMessageContaining("needs a memory limit");
    }
}
