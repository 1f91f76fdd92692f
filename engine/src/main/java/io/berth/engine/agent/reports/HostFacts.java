package io.berth.engine.agent.reports;

import io.berth.protocol.hosts.HostCapacity;
import io.berth.protocol.hosts.HostVersions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * What a heartbeat says about the machine: capacity (CPUs, memory, the state directory's
 * disk) and software versions (engine, runc, kernel, OS). Versions are read once; capacity
 * each time, since a disk or a cgroup may change.
 */
public final class HostFacts {

    private final Path stateDir;
    private final HostVersions versions;

    public HostFacts(Path stateDir, Path runc) {
        this.stateDir = stateDir;
        this.versions = new HostVersions(engineVersion(), runcVersion(runc), kernel(), os());
    }

    public HostVersions versions() {
        return versions;
    }

    public HostCapacity capacity() {
        long disk;
        try {
            disk = Files.getFileStore(stateDir).getTotalSpace();
        } catch (IOException e) {
            disk = 0;
        }
        return new HostCapacity(Runtime.getRuntime().availableProcessors(), memoryBytes(), disk);
    }

    private static String engineVersion() {
        String version = HostFacts.class.getPackage().getImplementationVersion();
        return version != null ? version : "0.1.0-SNAPSHOT";
    }

    /** First line of {@code runc --version}: "runc version 1.1.5". */
    static String runcVersion(Path runc) {
        try {
            Process process = new ProcessBuilder(runc.toString(), "--version").redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes()).strip();
            process.waitFor(5, TimeUnit.SECONDS);
            String first = out.lines().findFirst().orElse("");
            return first.startsWith("runc version ") ? first.substring("runc version ".length()).strip() : first;
        } catch (IOException e) {
            return "unavailable: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private static String kernel() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
        } catch (IOException e) {
            return System.getProperty("os.version");
        }
    }

    private static String os() {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
                if (line.startsWith("PRETTY_NAME=")) {
                    return line.substring("PRETTY_NAME=".length()).replace("\"", "").strip();
                }
            }
        } catch (IOException e) {
            // not a systemd-era Linux: fall back to the JVM's name
        }
        return System.getProperty("os.name");
    }

    private static long memoryBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux
        }
        return Runtime.getRuntime().maxMemory();
    }
}
