package io.berth.engine.snapshots;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Applies a {@link Mount} at a directory, through mount(2) via jnr-ffi.
 *
 * <p>Overlay's option string must fit in one page (the kernel copies at most a page of
 * mount data). With many layers the absolute lowerdir list does not fit; then, as
 * containerd does, the lower dirs are made relative to their common parent (the
 * snapshotter's short {@code l/} links, about 9 bytes each) and the mount is done from a
 * child process whose working directory is that parent: {@code mount(8)} run with a
 * working directory, because the JVM cannot change the working directory of one thread.
 * If even that does not fit, the mount is refused with a message saying so; overlayfs
 * itself stacks at most 500 lower layers.
 */
final class Mounter {

    /** The smallest page size Linux runs with; the data string and its NUL must fit. */
    static final int MAX_OPTIONS = 4096 - 1;
    private static final long MS_REMOUNT = 32L;
    private static final int EBUSY_RETRIES = 10;

    void mount(Mount mount, Path target) throws IOException {
        switch (mount.type()) {
            case "bind" -> bind(mount, target);
            case "overlay" -> overlay(mount, target);
            default -> throw new IllegalArgumentException("unsupported mount type " + mount.type());
        }
    }

    private void bind(Mount mount, Path target) throws IOException {
        LinuxCalls.mount(mount.source(), target.toString(), null, LinuxCalls.MS_BIND | LinuxCalls.MS_REC, null);
        if (mount.readOnly()) {
            // MS_RDONLY is ignored on the first bind call; it takes a remount of the bind.
            try {
                LinuxCalls.mount("none", target.toString(), null,
                        MS_REMOUNT | LinuxCalls.MS_BIND | LinuxCalls.MS_RDONLY, null);
            } catch (IOException e) {
                unmount(target);
                throw e;
            }
        }
    }

    private void overlay(Mount mount, Path target) throws IOException {
        String data = mount.data();
        if (data.length() <= MAX_OPTIONS) {
            LinuxCalls.mount("overlay", target.toString(), "overlay", 0L, data);
            return;
        }
        Path common = commonParent(mount.lowerDirs());
        List<String> relativeOptions = new ArrayList<>();
        List<String> relativeLowers = mount.lowerDirs().stream()
                .map(dir -> common.relativize(Path.of(dir)).toString()).toList();
        relativeOptions.add("lowerdir=" + String.join(":", relativeLowers));
        mount.options().stream().filter(o -> !o.startsWith("lowerdir=")).forEach(relativeOptions::add);
        String relativeData = String.join(",", relativeOptions);
        if (relativeData.length() > MAX_OPTIONS) {
            throw new IOException("cannot mount " + mount.lowerDirs().size() + " layers: overlay options are "
                    + relativeData.length() + " bytes even with paths relative to " + common
                    + ", over the " + MAX_OPTIONS + "-byte limit of one page");
        }
        mountFrom(common, relativeData, target);
    }

    private void mountFrom(Path workingDirectory, String data, Path target) throws IOException {
        // -n: no /etc/mtab; -i: no /sbin/mount.overlay helper. mount(8) passes the data unchanged.
        Process process = new ProcessBuilder("mount", "-n", "-i", "-t", "overlay", "overlay", "-o", data,
                target.toString())
                .directory(workingDirectory.toFile())
                .redirectErrorStream(true)
                .start();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("mount(8) of " + target + " did not finish in 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while mounting " + target, e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (process.exitValue() != 0) {
            throw new IOException("mount(8) of overlay on " + target + " from " + workingDirectory
                    + " failed (exit " + process.exitValue() + "): " + output);
        }
    }

    /** Unmounts {@code target} if something is mounted there; retries briefly while busy, then detaches. */
    void unmount(Path target) throws IOException {
        for (int attempt = 0; isMounted(target); attempt++) {
            try {
                LinuxCalls.unmount(target.toString(), 0);
            } catch (IOException busy) {
                if (attempt >= EBUSY_RETRIES) {
                    // Still in use (a process with its cwd inside): detach now, the kernel frees it later.
                    LinuxCalls.unmount(target.toString(), LinuxCalls.MNT_DETACH);
                    return;
                }
                sleep();
            }
        }
    }

    /** Whether {@code target} is a mount point, from /proc/self/mountinfo. */
    boolean isMounted(Path target) throws IOException {
        String wanted = target.toAbsolutePath().normalize().toString();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8)) {
            String[] fields = line.split(" ");
            if (fields.length > 4 && unescape(fields[4]).equals(wanted)) {
                return true;
            }
        }
        return false;
    }

    static Path commonParent(List<String> dirs) {
        Path common = Path.of(dirs.get(0)).getParent();
        for (String dir : dirs) {
            while (common != null && !Path.of(dir).startsWith(common)) {
                common = common.getParent();
            }
        }
        if (common == null) {
            throw new IllegalArgumentException("lower dirs share no parent directory: " + dirs);
        }
        return common;
    }

    /** mountinfo escapes space, tab, newline and backslash as octal. */
    private static String unescape(String field) {
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length()) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static void sleep() throws IOException {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while unmounting", e);
        }
    }
}
