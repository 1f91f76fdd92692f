package io.berth.engine.runtime;

/**
 * cgroup limits of a container, as {@code docker run} takes them. Zero means "no limit".
 *
 * @param memoryBytes     {@code -m}: hard memory limit; the kernel OOM-kills above it
 * @param memorySwapBytes {@code --memory-swap}: memory plus swap; 0 = twice the memory
 *                        limit (Docker's default), -1 = unlimited swap
 * @param cpuQuotaMicros  {@code --cpu-quota}: CPU time per period, in µs
 * @param cpuPeriodMicros {@code --cpu-period}: the CFS period in µs (0 = 100000)
 * @param nanoCpus        {@code --cpus} × 10⁹: converted to a quota over a 100 ms period;
 *                        exclusive with a quota
 * @param cpuShares       {@code --cpu-shares}: relative weight
 * @param pidsLimit       {@code --pids-limit}: maximum number of tasks
 */
public record ResourceLimits(long memoryBytes, long memorySwapBytes, long cpuQuotaMicros, long cpuPeriodMicros,
                             long nanoCpus, long cpuShares, long pidsLimit) {
    public static final ResourceLimits NONE = new ResourceLimits(0, 0, 0, 0, 0, 0, 0);
    static final long DEFAULT_CPU_PERIOD = 100_000;
    /** The smallest memory limit Docker accepts; below it containers cannot even start. */
    static final long MIN_MEMORY = 6 * 1024 * 1024;

    public ResourceLimits {
        nonNegative("memory limit", memoryBytes);
        nonNegative("cpu quota", cpuQuotaMicros);
        nonNegative("cpu period", cpuPeriodMicros);
        nonNegative("cpus", nanoCpus);
        nonNegative("cpu shares", cpuShares);
        nonNegative("pids limit", pidsLimit);
        if (memorySwapBytes < -1) {
            throw new IllegalArgumentException("memory+swap limit must be -1 (unlimited), 0 (default) or positive, got " + memorySwapBytes);
        }
        if (memoryBytes > 0 && memoryBytes < MIN_MEMORY) {
            throw new IllegalArgumentException("memory limit " + memoryBytes + " is below the minimum of 6 MiB");
        }
        if (memorySwapBytes > 0 && memorySwapBytes < memoryBytes) {
            throw new IllegalArgumentException("memory+swap limit " + memorySwapBytes + " is smaller than the memory limit " + memoryBytes);
        }
        if (memorySwapBytes > 0 && memoryBytes == 0) {
            throw new IllegalArgumentException("a memory+swap limit needs a memory limit");
        }
        if (nanoCpus > 0 && (cpuQuotaMicros > 0 || cpuPeriodMicros > 0)) {
            throw new IllegalArgumentException("cpus and cpu quota/period are exclusive: give one or the other");
        }
        if (cpuPeriodMicros != 0 && (cpuPeriodMicros < 1000 || cpuPeriodMicros > 1_000_000)) {
            throw new IllegalArgumentException("cpu period " + cpuPeriodMicros + " must be between 1000 and 1000000 µs");
        }
        if (cpuQuotaMicros != 0 && cpuQuotaMicros < 1000) {
            throw new IllegalArgumentException("cpu quota " + cpuQuotaMicros + " must be at least 1000 µs");
        }
    }

    public static ResourceLimits none() {
        return NONE;
    }

    public ResourceLimits withMemory(long bytes) {
        return new ResourceLimits(bytes, memorySwapBytes, cpuQuotaMicros, cpuPeriodMicros, nanoCpus, cpuShares, pidsLimit);
    }

    public ResourceLimits withMemorySwap(long bytes) {
        return new ResourceLimits(memoryBytes, bytes, cpuQuotaMicros, cpuPeriodMicros, nanoCpus, cpuShares, pidsLimit);
    }

    public ResourceLimits withCpuQuota(long quotaMicros, long periodMicros) {
        return new ResourceLimits(memoryBytes, memorySwapBytes, quotaMicros, periodMicros, nanoCpus, cpuShares, pidsLimit);
    }

    /** {@code --cpus}: a fraction of CPUs, e.g. 1.5. */
    public ResourceLimits withCpus(double cpus) {
        if (!(cpus >= 0) || Double.isInfinite(cpus)) {
            throw new IllegalArgumentException("cpus must be a non-negative number, got " + cpus);
        }
        return new ResourceLimits(memoryBytes, memorySwapBytes, cpuQuotaMicros, cpuPeriodMicros,
            Math.round(cpus * 1e9), cpuShares, pidsLimit);
    }

    public ResourceLimits withCpuShares(long shares) {
        return new ResourceLimits(memoryBytes, memorySwapBytes, cpuQuotaMicros, cpuPeriodMicros, nanoCpus, shares, pidsLimit);
    }

    public ResourceLimits withPids(long limit) {
        return new ResourceLimits(memoryBytes, memorySwapBytes, cpuQuotaMicros, cpuPeriodMicros, nanoCpus, cpuShares, limit);
    }

    /** The CFS quota to apply, converting {@code --cpus} as Docker does (period 100 ms). */
    long effectiveCpuQuota() {
        return nanoCpus > 0 ? nanoCpus * DEFAULT_CPU_PERIOD / 1_000_000_000L : cpuQuotaMicros;
    }

    long effectiveCpuPeriod() {
        if (nanoCpus > 0) {
            return DEFAULT_CPU_PERIOD;
        }
        return cpuPeriodMicros;
    }

    /** Memory+swap as given to the cgroup: Docker's default is twice the memory limit. */
    long effectiveMemorySwap() {
        if (memoryBytes == 0) {
            return 0;
        }
        return memorySwapBytes == 0 ? 2 * memoryBytes : memorySwapBytes;
    }

    private static void nonNegative(String what, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(what + " must not be negative, got " + value);
        }
    }
}
