package io.berth.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The OCI config.json the runtime writes, checked as JSON: no runc, no files. */
class OciSpecBuilderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ResolvedUser ROOT = new ResolvedUser(0, 0, List.of(), "/root");
    private static final Path ROOTFS = Path.of("/var/lib/berth/rootfs/golden");

    private final OciSpecBuilder builder = new OciSpecBuilder(SeccompProfile.forArchitecture("amd64"), List::of,
        Capabilities.ALL);

    private ObjectNode build(ContainerSpec spec) {
        return builder.build(spec, ROOT, ROOTFS, null, null);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void defaultConfigMatchesTheGoldenFile() throws IOException {
        JsonNode golden;
        try (InputStream in = getClass().getResourceAsStream("default-config.json")) {
            golden = JSON.readTree(in);
        }
        // Through text, as runc reads it: JsonNode equality tells an int 1 from a long 1.
        JsonNode built = JSON.readTree(JSON.writeValueAsString(build(ContainerSpec.builder("golden").cmd("/bin/sh").build())));
        assertThat(built.equals(golden)).as("config.json differs from default-config.json:%n%s",
            JSON.writerWithDefaultPrettyPrinter().writeValueAsString(built)).isTrue();
    }

    @Test
    void dockersFourteenCapabilitiesAndNoInheritableOrAmbient() {
        JsonNode caps = build(ContainerSpec.builder("c").cmd("true").build()).at("/process/capabilities");
        for (String set : List.of("bounding", "effective", "permitted")) {
            assertThat(texts(caps.get(set))).hasSize(14).containsExactlyInAnyOrderElementsOf(OciSpecBuilder.DEFAULT_CAPABILITIES)
                .doesNotContain("CAP_SYS_ADMIN", "CAP_NET_ADMIN", "CAP_SYS_PTRACE", "CAP_SYS_MODULE");
        }
        assertThat(caps.has("inheritable")).isFalse();
        assertThat(caps.has("ambient")).isFalse();
    }

    @Test
    void capabilitySetIsDockersBitmask() {
        // Linux capability numbers; Docker's default set is CapEff 0x00000000a80425fb.
        Map<String, Integer> numbers = Map.ofEntries(Map.entry("CAP_CHOWN", 0), Map.entry("CAP_DAC_OVERRIDE", 1),
            Map.entry("CAP_FOWNER", 3), Map.entry("CAP_FSETID", 4), Map.entry("CAP_KILL", 5), Map.entry("CAP_SETGID", 6),
            Map.entry("CAP_SETUID", 7), Map.entry("CAP_SETPCAP", 8), Map.entry("CAP_NET_BIND_SERVICE", 10),
            Map.entry("CAP_NET_RAW", 13), Map.entry("CAP_SYS_CHROOT", 18), Map.entry("CAP_MKNOD", 27),
            Map.entry("CAP_AUDIT_WRITE", 29), Map.entry("CAP_SETFCAP", 31));
        long mask = OciSpecBuilder.DEFAULT_CAPABILITIES.stream().mapToLong(c -> 1L << numbers.get(c)).reduce(0, (a, b) -> a | b);
        assertThat(mask).isEqualTo(0xa80425fbL);
    }

    @Test
    void isolationDefaults() {
        ObjectNode c = build(ContainerSpec.builder("c").cmd("true").build());
        assertThat(c.at("/process/noNewPrivileges").asBoolean()).isTrue();
        List<String> ns = new ArrayList<>();
        c.at("/linux/namespaces").forEach(n -> ns.add(n.get("type").asText()));
        assertThat(ns).containsExactlyInAnyOrder("pid", "network", "ipc", "uts", "mount");
        assertThat(texts(c.at("/linux/maskedPaths"))).contains("/proc/kcore", "/proc/keys", "/sys/firmware", "/proc/acpi",
            "/sys/devices/virtual/powercap");
        assertThat(texts(c.at("/linux/readonlyPaths"))).contains("/proc/sys", "/proc/sysrq-trigger", "/proc/irq");
        JsonNode sys = null;
        for (JsonNode m : c.get("mounts")) {
            if (m.get("destination").asText().equals("/sys")) {
                sys = m;
            }
        }
        assertThat(texts(sys.get("options"))).contains("ro");
        JsonNode devices = c.at("/linux/resources/devices");
        assertThat(devices.get(0).get("allow").asBoolean()).as("deny all first").isFalse();
        assertThat(devices.get(0).has("major")).isFalse();
    }

    @Test
    void seccompDeniesDangerousSyscallsAndNamespaceClones() {
        JsonNode s = build(ContainerSpec.builder("c").cmd("true").build()).at("/linux/seccomp");
        assertThat(s.get("defaultAction").asText()).isEqualTo("SCMP_ACT_ALLOW");
        assertThat(texts(s.get("architectures"))).containsExactly("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32");
        List<String> denied = new ArrayList<>();
        List<Long> cloneFlags = new ArrayList<>();
        for (JsonNode rule : s.get("syscalls")) {
            assertThat(rule.get("action").asText()).isEqualTo("SCMP_ACT_ERRNO");
            assertThat(rule.has("comment")).isFalse();
            if (rule.has("args")) {
                cloneFlags.add(rule.at("/args/0/value").asLong());
                assertThat(rule.at("/args/0/valueTwo").asLong()).isEqualTo(rule.at("/args/0/value").asLong());
            } else {
                denied.addAll(texts(rule.get("names")));
            }
        }
        assertThat(denied).contains("kexec_load", "init_module", "finit_module", "delete_module", "mount", "umount2",
            "pivot_root", "swapon", "swapoff", "reboot", "bpf", "perf_event_open", "keyctl", "add_key", "request_key",
            "open_by_handle_at", "userfaultfd", "settimeofday", "clock_settime", "unshare", "setns", "clone3")
            .doesNotContain("ptrace", "clone", "chroot");
        assertThat(cloneFlags).contains(0x10000000L /* CLONE_NEWUSER */, 0x20000000L /* CLONE_NEWPID */);
    }

    @Test
    void unknownArchitectureIsRefused() {
        assertThatThrownBy(() -> SeccompProfile.forArchitecture("sparc")).hasMessageContaining("os.arch sparc");
        assertThat(SeccompProfile.architectures("aarch64")).containsExactly("SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM");
    }

    @Test
    void runSettingsReachTheProcess() {
        ContainerSpec spec = ContainerSpec.builder("0123456789abcdef")
            .image(new ImageDefaults(List.of("/entry"), List.of("serve"), List.of("PATH=/bin", "MODE=image"), "/srv", "app", null))
            .env("MODE=run").tty(true).readOnlyRootfs(true).build();
        ObjectNode c = builder.build(spec, new ResolvedUser(1000, 1000, List.of(50), "/home/app"), ROOTFS,
            Path.of("/b/hosts"), Path.of("/b/hostname"));
        assertThat(texts(c.at("/process/args"))).containsExactly("/entry", "serve");
        assertThat(texts(c.at("/process/env"))).containsExactly("HOSTNAME=0123456789ab", "PATH=/bin", "MODE=run",
            "TERM=xterm", "HOME=/home/app");
        assertThat(c.at("/process/cwd").asText()).isEqualTo("/srv");
        assertThat(c.at("/process/terminal").asBoolean()).isTrue();
        assertThat(c.at("/process/user/uid").asInt()).isEqualTo(1000);
        assertThat(c.at("/process/user/additionalGids/0").asInt()).isEqualTo(50);
        assertThat(c.at("/root/readonly").asBoolean()).isTrue();
        assertThat(c.at("/hostname").asText()).isEqualTo("0123456789ab");
        assertThat(c.get("mounts").toString()).contains("\"destination\":\"/etc/hosts\"", "\"source\":\"/b/hostname\"");
    }

    @Test
    void limitsBecomeCgroupResources() {
        ObjectNode c = build(ContainerSpec.builder("c").cmd("true")
            .limits(ResourceLimits.none().withMemory(64L << 20).withCpus(0.5).withPids(100).withCpuShares(512)).build());
        JsonNode r = c.at("/linux/resources");
        assertThat(r.at("/memory/limit").asLong()).isEqualTo(64L << 20);
        assertThat(r.at("/memory/swap").asLong()).isEqualTo(128L << 20);
        assertThat(r.at("/cpu/quota").asLong()).isEqualTo(50_000);
        assertThat(r.at("/cpu/period").asLong()).isEqualTo(100_000);
        assertThat(r.at("/cpu/shares").asLong()).isEqualTo(512);
        assertThat(r.at("/pids/limit").asLong()).isEqualTo(100);
        assertThat(build(ContainerSpec.builder("c").cmd("true").limits(ResourceLimits.none().withCpuQuota(20_000, 0)).build())
            .at("/linux/resources/cpu/quota").asLong()).isEqualTo(20_000);
    }

    @Test
    void noLimitsMeansNoResourceEntries() {
        JsonNode r = build(ContainerSpec.builder("c").cmd("true").build()).at("/linux/resources");
        assertThat(r.has("memory")).isFalse();
        assertThat(r.has("cpu")).isFalse();
        assertThat(r.has("pids")).isFalse();
    }

    @Test
    void relativeRootfsIsRefused() {
        assertThatThrownBy(() -> builder.build(ContainerSpec.builder("c").cmd("true").build(), ROOT, Path.of("rootfs"), null, null))
            .hasMessageContaining("rootfs path must be absolute");
    }

    private ObjectNode build(Privileges privileges) {
        return build(ContainerSpec.builder("p").cmd("true").privileges(privileges).build());
    }

    private static List<String> namespaces(JsonNode config) {
        List<String> out = new ArrayList<>();
        config.at("/linux/namespaces").forEach(n -> out.add(n.get("type").asText()));
        return out;
    }

    private static final OciSpecBuilder WITH_DEVICES = new OciSpecBuilder(SeccompProfile.forArchitecture("amd64"),
        () -> List.of(new HostDevice("/dev/kvm", "c", 10, 232, 0660, 0, 108),
            new HostDevice("/dev/vda", "b", 253, 0, 0660, 0, 6)),
        Capabilities.ALL.stream().filter(c -> !c.equals("CAP_SYS_MODULE")).toList());

    @Test
    void privilegedIsEveryCapabilityNoSeccompNoMaskedPathsAndTheHostsDevices() {
        ObjectNode c = WITH_DEVICES.build(ContainerSpec.builder("p").cmd("true")
            .privileges(new Privileges(true, List.of(), List.of("ALL"), List.of(), false, false)).build(), ROOT, ROOTFS,
            null, null);
        for (String set : List.of("bounding", "effective", "permitted")) {
            // every capability the engine itself has (here all but CAP_SYS_MODULE)
            assertThat(texts(c.at("/process/capabilities/" + set))).hasSize(40).doesNotContain("CAP_SYS_MODULE")
                .contains("CAP_SYS_ADMIN", "CAP_CHECKPOINT_RESTORE");
        }
        assertThat(c.at("/process/noNewPrivileges").asBoolean()).isFalse();
        assertThat(c.at("/linux").has("seccomp")).isFalse();
        assertThat(c.at("/linux/maskedPaths")).isEmpty();
        assertThat(c.at("/linux/readonlyPaths")).isEmpty();
        JsonNode devices = c.at("/linux/devices");
        assertThat(devices).hasSize(2);
        assertThat(devices.get(0).get("path").asText()).isEqualTo("/dev/kvm");
        assertThat(devices.get(0).get("type").asText()).isEqualTo("c");
        assertThat(devices.get(0).get("major").asLong()).isEqualTo(10);
        assertThat(devices.get(0).get("minor").asLong()).isEqualTo(232);
        assertThat(devices.get(0).get("fileMode").asInt()).isEqualTo(0660);
        assertThat(devices.get(1).get("type").asText()).isEqualTo("b");
        // the cgroup allows every device
        assertThat(c.at("/linux/resources/devices")).hasSize(1);
        assertThat(c.at("/linux/resources/devices/0/allow").asBoolean()).isTrue();
        assertThat(c.at("/linux/resources/devices/0/access").asText()).isEqualTo("rwm");
        // /sys and the cgroup tree writable; still its own namespaces
        for (JsonNode m : c.get("mounts")) {
            if (m.get("destination").asText().startsWith("/sys")) {
                assertThat(texts(m.get("options"))).contains("rw").doesNotContain("ro");
            }
        }
        assertThat(namespaces(c)).containsExactly("pid", "network", "ipc", "uts", "mount");
    }

    @Test
    void addedAndDroppedCapabilitiesKeepTheRestOfTheIsolation() {
        ObjectNode c = build(new Privileges(false, List.of("net_admin", "CAP_SYS_PTRACE"), List.of("MKNOD"), List.of(),
            false, false));
        assertThat(texts(c.at("/process/capabilities/effective"))).contains("CAP_NET_ADMIN", "CAP_SYS_PTRACE")
            .doesNotContain("CAP_MKNOD").hasSize(15);
        assertThat(c.at("/process/noNewPrivileges").asBoolean()).isTrue();
        assertThat(c.at("/linux").has("seccomp")).isTrue();
        assertThat(c.at("/linux/maskedPaths")).isNotEmpty();
        assertThat(c.at("/linux").has("devices")).isFalse();
        assertThatThrownBy(() -> new Privileges(false, List.of("FLY"), List.of(), List.of(), false, false))
            .hasMessageContaining("unknown capability 'FLY'");
    }

    @Test
    void bindsAreRecursivePrivateBindMountsAfterTheDefaults() {
        ObjectNode c = build(new Privileges(false, List.of(), List.of(), List.of(new BindMount("/srv/data", "/data", false),
            new BindMount("/etc/ssl", "/certs", true)), false, false));
        JsonNode mounts = c.get("mounts");
        JsonNode data = mounts.get(mounts.size() - 2);
        JsonNode certs = mounts.get(mounts.size() - 1);
        assertThat(data.get("destination").asText()).isEqualTo("/data");
        assertThat(data.get("source").asText()).isEqualTo("/srv/data");
        assertThat(data.get("type").asText()).isEqualTo("bind");
        assertThat(texts(data.get("options"))).containsExactly("rbind", "rprivate");
        assertThat(certs.get("destination").asText()).isEqualTo("/certs");
        assertThat(texts(certs.get("options"))).containsExactly("rbind", "rprivate", "ro");
    }

    @Test
    void hostNetworkAndPidDropThoseNamespacesOnly() {
        assertThat(namespaces(build(new Privileges(false, List.of(), List.of(), List.of(), true, false))))
            .containsExactly("pid", "ipc", "uts", "mount");
        assertThat(namespaces(build(new Privileges(false, List.of(), List.of(), List.of(), false, true))))
            .containsExactly("network", "ipc", "uts", "mount");
        ObjectNode both = build(new Privileges(false, List.of(), List.of(), List.of(), true, true));
        assertThat(namespaces(both)).containsExactly("ipc", "uts", "mount");
        assertThat(both.at("/linux").has("seccomp")).isTrue();
        assertThat(texts(both.at("/process/capabilities/effective"))).hasSize(14);
    }
}
