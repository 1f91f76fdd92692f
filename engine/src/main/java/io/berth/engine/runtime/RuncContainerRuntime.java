package io.berth.engine.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ContainerRuntime} with runc under conmon, all state under one directory (see
 * {@link RuntimeLayout}). The host's runc state, conmon's pid and exit files and Berth's
 * {@code berth.json} per bundle are the truth; this object caches nothing, so a new
 * instance over the same directory picks up where the last one stopped.
 */
public final class RuncContainerRuntime implements ContainerRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(RuncContainerRuntime.class);
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);
    private static final Duration EXEC_LIMIT = Duration.ofDays(1);

    /**
     * Host binaries, how often log followers poll, and:
     *
     * @param favorCgroupMigrations whether opening the runtime makes sure the host's cgroups favour
     *                              moving tasks ({@link CgroupMigrations}): a host-wide kernel setting
     *                              that takes 10-25 ms off every container start
     */
    public record Options(Path runc, Path conmon, Duration logPollInterval, boolean favorCgroupMigrations) {
        public static Options defaults() {
            return new Options(Path.of("/usr/sbin/runc"), Path.of("/usr/bin/conmon"), Duration.ofMillis(100), true);
        }
    }

    private final RuntimeLayout layout;
    private final Runc runc;
    private final ExecFifoStarter fifoStarter;
    private final Conmon conmon;
    private final OciSpecBuilder specs;
    private final Options options;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final Set<String> restartsPending = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService scheduler;
    private final ExitMonitor monitor;
    private final ObjectMapper json = new ObjectMapper();
    private final List<Consumer<ContainerStatus>> changeListeners = new CopyOnWriteArrayList<>();

    private RuncContainerRuntime(Path stateDir, Options options) {
        this.options = options;
        this.layout = new RuntimeLayout(stateDir);
        this.runc = new Runc(options.runc(), layout.runcRoot());
        this.fifoStarter = new ExecFifoStarter(layout.runcRoot());
        this.conmon = new Conmon(options.conmon(), runc, layout);
        this.specs = new OciSpecBuilder(SeccompProfile.forArchitecture(System.getProperty("os.arch")));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "berth-restarts");
            t.setDaemon(true);
            return t;
        });
        this.monitor = new ExitMonitor(layout.exits(), this::onExit);
    }

    /** Opens the runtime over {@code stateDir}, taking over containers a previous engine left running. */
    public static RuncContainerRuntime open(Path stateDir) {
        return open(stateDir, Options.defaults());
    }

    public static RuncContainerRuntime open(Path stateDir, Options options) {
        if (options.favorCgroupMigrations()) {
            CgroupMigrations.favorDynamicModifications(CgroupMigrations.MOUNT_POINT);
        }
        RuncContainerRuntime runtime = new RuncContainerRuntime(stateDir, options);
        runtime.recover();
        return runtime;
    }

    // ---- lifecycle -------------------------------------------------------------------

    @Override
    public ContainerStatus create(ContainerSpec spec, RootfsSource rootfs) throws IOException {
        return create(spec, rootfs, false);
    }

    /**
     * Creates and starts as one, the way {@code runc run} does: the container's init is let go
     * as soon as it waits on its exec fifo, while {@code runc create} and conmon are still
     * finishing and reporting, instead of after their report. Returns once both are done.
     */
    @Override
    public ContainerStatus run(ContainerSpec spec, RootfsSource rootfs) throws IOException {
        return create(spec, rootfs, true);
    }

    private ContainerStatus create(ContainerSpec spec, RootfsSource rootfs, boolean start) throws IOException {
        synchronized (lock(spec.id())) {
            ContainerDirectory dir = layout.container(spec.id());
            if (Files.exists(dir.bundle())) {
                throw new IllegalStateException("container " + spec.id() + " already exists");
            }
            if (fifoStarter.holds(spec.id())) {
                // runc would refuse the create; an early start must not find an old container's fifo
                throw new IllegalStateException("runc already holds a container " + spec.id() + " that Berth did not create");
            }
            spec.commandLine(); // refuse an empty command before anything is written
            for (BindMount bind : spec.privileges().binds()) {
                // Docker's -v would create a missing source; Berth refuses, so a typo never makes a host directory
                if (!Files.exists(Path.of(bind.source()))) {
                    throw new IllegalArgumentException("bind source " + bind.source() + " does not exist on this host");
                }
            }
            String uuid = newUuid();
            Conmon.PendingCreate monitor = null;
            ExecFifoStarter.EarlyStart early = null;
            ContainerRecord record;
            int pid;
            try {
                monitor = conmon.launchCreate(spec.id(), uuid, dir, spec.tty());
                record = writeBundle(spec, rootfs.prepare(), dir, uuid, start);
                monitor.go();
                if (start) {
                    early = fifoStarter.startEarly(spec.id());
                    ExecFifoStarter.EarlyStart letGo = early;
                    pid = monitor.awaitCreated(() -> createdByRunc(letGo, dir), letGo::awaitReleased);
                } else {
                    pid = monitor.awaitCreated();
                }
            } catch (IOException | RuntimeException e) {
                if (early != null) {
                    early.cancel();
                }
                if (monitor != null) {
                    monitor.abandon(); // a conmon still held must not go on; a released one is gone already
                }
                discard(spec.id(), dir, uuid);
                throw e;
            }
            if (!start) {
                return status(record, ContainerState.CREATED, pid, null, dir);
            }
            try {
                if (!early.await()) {
                    runc.start(spec.id()); // init is not waiting as it should: runc says why
                }
            } catch (ContainerRuntimeException e) {
                // Created but not started, as a create followed by a failed start leaves it.
                record.withStarted(null, uuid).write(dir.record());
                throw e;
            }
            return status(record, ContainerState.RUNNING, pid, null, dir);
        }
    }

    /**
     * Writes what runc and Berth read about the container. {@code config.json} comes last: a
     * monitor released without it (the engine died while preparing) has runc fail instead of
     * creating a container nobody recorded.
     */
    private ContainerRecord writeBundle(ContainerSpec spec, Path rootfs, ContainerDirectory dir, String uuid, boolean start) {
        if (rootfs == null || !Files.isDirectory(rootfs)) {
            throw new IllegalArgumentException("rootfs " + rootfs + " is not a directory");
        }
        Path root;
        ResolvedUser user;
        try {
            root = rootfs.toRealPath();
            user = resolveUser(root, spec.effectiveUser());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the rootfs " + rootfs, e);
        }
        try {
            Files.writeString(dir.hostname(), spec.effectiveHostname() + "\n");
            Files.writeString(dir.hosts(), "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n"
                + "127.0.1.1\t" + spec.effectiveHostname() + "\n");
            ObjectNode config = specs.build(spec, user, root, dir.hosts(), dir.hostname());
            Instant now = Instant.now();
            // A run is stamped started as it is let go, as start() stamps it before releasing init.
            ContainerRecord record = new ContainerRecord(spec, root.toString(), uuid, now, start ? now : null, 0, false);
            record.write(dir.record());
            json.writeValue(dir.config().toFile(), config); // compact, as runc writes it: on the start path
            return record;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the bundle of " + spec.id(), e);
        }
    }

    @Override
    public ContainerStatus start(String id) {
        synchronized (lock(id)) {
            ContainerDirectory dir = existing(id);
            ContainerRecord record = ContainerRecord.read(dir.record());
            // Start is on the hot path of every run: no runc state call unless something is off.
            if (readExitCode(dir) != null) {
                record = relaunch(id, dir, record);
            }
            ContainerRecord started = record.withStarted(Instant.now(), record.conmonUuid());
            started.write(dir.record());
            try {
                if (!fifoStarter.start(id, readPid(dir))) {
                    runc.start(id);
                }
            } catch (ContainerRuntimeException e) {
                record.write(dir.record());
                ContainerStatus status = state(id);
                if (status.state() == ContainerState.RUNNING) {
                    throw new IllegalStateException("container " + id + " is already running");
                }
                throw e;
            }
            return status(started, ContainerState.RUNNING, readPid(dir), null, dir);
        }
    }

    @Override
    public ContainerStatus stop(String id, Duration timeout) {
        if (timeout == null || timeout.isNegative()) {
            throw new IllegalArgumentException("stop timeout must not be negative, got " + timeout);
        }
        ContainerDirectory dir = existing(id);
        ContainerSpec spec;
        synchronized (lock(id)) {
            ContainerRecord record = ContainerRecord.read(dir.record());
            spec = record.spec();
            record.withStoppedByUser(true).write(dir.record());
        }
        ContainerStatus status = state(id);
        if (status.state() == ContainerState.EXITED) {
            return status;
        }
        int signal = spec.effectiveStopSignal();
        if (runc.kill(id, signal) && waitForExit(id, timeout).isPresent()) {
            return state(id);
        }
        LOG.info("container {} did not exit within {} of {}; sending SIGKILL", id, timeout, Signals.name(signal));
        runc.kill(id, Signals.SIGKILL);
        return waitForExit(id, KILL_WAIT).orElseThrow(() ->
            new ContainerRuntimeException("container " + id + " did not exit within " + KILL_WAIT + " of SIGKILL"));
    }

    @Override
    public void kill(String id, String signal) {
        int number = Signals.parse(signal);
        ContainerDirectory dir = existing(id);
        synchronized (lock(id)) {
            ContainerRecord record = ContainerRecord.read(dir.record());
            if (state(id).state() != ContainerState.RUNNING) {
                throw new IllegalStateException("container " + id + " is not running");
            }
            // A kill that ends the container is the user's stop; HUP to reload a config is not.
            if (number == Signals.SIGKILL || number == record.spec().effectiveStopSignal()) {
                record.withStoppedByUser(true).write(dir.record());
            }
            if (!runc.kill(id, number)) {
                throw new IllegalStateException("container " + id + " is not running");
            }
        }
    }

    @Override
    public ContainerStatus remove(String id, boolean force) {
        synchronized (lock(id)) {
            ContainerDirectory dir = existing(id);
            ContainerRecord record = ContainerRecord.read(dir.record());
            ContainerStatus status = state(id);
            if (status.state() == ContainerState.RUNNING && !force) {
                throw new IllegalStateException("cannot remove running container " + id + ": stop it first or force the removal");
            }
            if (status.state() != ContainerState.EXITED) {
                record = record.withStoppedByUser(true);
                record.write(dir.record());
                runc.kill(id, Signals.SIGKILL);
                waitForExitFile(dir, KILL_WAIT);
            }
            ContainerStatus last = status(record, ContainerState.EXITED, 0, readExitCode(dir), dir);
            discard(id, dir, record.conmonUuid());
            locks.remove(id);
            return new ContainerStatus(id, ContainerState.REMOVED, 0, last.exitCode(), last.oomKilled(),
                last.restartCount(), last.stoppedByUser(), last.createdAt(), last.startedAt(), last.finishedAt());
        }
    }

    @Override
    public ContainerStatus state(String id) {
        ContainerDirectory dir = existing(id);
        ContainerRecord record;
        try {
            record = ContainerRecord.read(dir.record());
        } catch (UncheckedIOException e) {
            if (!Files.exists(dir.record())) {
                throw new NoSuchContainerException(id);
            }
            throw e;
        }
        Integer exit = readExitCode(dir);
        if (exit == null) {
            Optional<Runc.State> rs = runc.state(id);
            if (rs.isPresent() && rs.get().status().equals("created")) {
                return status(record, ContainerState.CREATED, rs.get().pid(), null, dir);
            }
            if (rs.isPresent() && (rs.get().status().equals("running") || rs.get().status().equals("paused"))) {
                return status(record, ContainerState.RUNNING, rs.get().pid(), null, dir);
            }
            // The process is gone; conmon writes the exit file a moment later — unless it died too.
            exit = waitForExitFile(dir, Duration.ofSeconds(2)) ? readExitCode(dir) : null;
            if (exit == null) {
                if (Conmon.isAlive(dir.conmonPidFile(), id) && rs.isEmpty()) {
                    return status(record, ContainerState.CREATED, 0, null, dir);
                }
                return status(record, ContainerState.EXITED, 0, -1, dir);
            }
        }
        return status(record, ContainerState.EXITED, 0, exit, dir);
    }

    @Override
    public List<ContainerStatus> list() {
        List<ContainerStatus> out = new ArrayList<>();
        for (String id : containerIds()) {
            try {
                out.add(state(id));
            } catch (NoSuchContainerException removedMeanwhile) {
                // removed while listing
            }
        }
        return out;
    }

    @Override
    public Optional<ContainerStatus> waitForExit(String id, Duration timeout) {
        ContainerDirectory dir = existing(id);
        if (waitForExitFile(dir, timeout)) {
            return Optional.of(state(id));
        }
        ContainerStatus status = state(id);
        return status.state() == ContainerState.EXITED ? Optional.of(status) : Optional.empty();
    }

    @Override
    public ContainerLogs logs(String id, LogQuery query) {
        ContainerDirectory dir = existing(id);
        return ContainerLogs.open(dir.log(), query,
            () -> !Files.exists(dir.exitFile()) && Conmon.isAlive(dir.conmonPidFile(), id),
            options.logPollInterval());
    }

    // ---- exec ------------------------------------------------------------------------

    @Override
    public ExecResult exec(String id, ExecSpec exec) {
        ContainerDirectory dir = existing(id);
        Path session = prepareExec(id, dir, exec.withTty(false));
        try {
            List<String> argv = runc.command("exec", "--process", session.resolve("process.json").toString(), id);
            HostCommand.Result r = HostCommand.run(argv, null, Map.of(), EXEC_LIMIT);
            return new ExecResult(r.exitCode(), r.stdout(), r.stderr());
        } finally {
            deleteTree(session);
        }
    }

    @Override
    public ExecSession execInteractive(String id, ExecSpec exec) {
        ContainerDirectory dir = existing(id);
        Path session = prepareExec(id, dir, exec);
        try {
            return ExecSession.start(conmon, id, session, exec.tty(), () -> {
                deleteTree(session);
                deleteQuietly(layout.sockets().resolve(session.getFileName().toString()));
            });
        } catch (RuntimeException e) {
            deleteTree(session);
            throw e;
        }
    }

    /** Writes the exec's process.json: the container's process with the exec's args, env, cwd, user. */
    private Path prepareExec(String id, ContainerDirectory dir, ExecSpec exec) {
        ContainerStatus status = state(id);
        if (status.state() != ContainerState.RUNNING) {
            throw new IllegalStateException("cannot exec in container " + id + ": it is " + status.state().name().toLowerCase());
        }
        ContainerRecord record = ContainerRecord.read(dir.record());
        try {
            ObjectNode config = (ObjectNode) json.readTree(dir.config().toFile());
            ObjectNode process = (ObjectNode) config.get("process").deepCopy();
            process.put("terminal", exec.tty());
            ArrayNode args = process.putArray("args");
            exec.args().forEach(args::add);
            List<String> containerEnv = new ArrayList<>();
            process.withArray("env").forEach(e -> containerEnv.add(e.asText()));
            ArrayNode env = process.putArray("env");
            Environment.merge(containerEnv, exec.env()).forEach(env::add);
            if (exec.tty() && containerEnv.stream().noneMatch(e -> e.startsWith("TERM="))) {
                env.add("TERM=xterm");
            }
            if (exec.workingDir() != null) {
                process.put("cwd", exec.workingDir());
            }
            if (exec.user() != null) {
                ResolvedUser user = resolveUser(Path.of(record.rootfs()), UserSpec.parse(exec.user()));
                ObjectNode u = process.putObject("user");
                u.put("uid", user.uid());
                u.put("gid", user.gid());
                ArrayNode gids = u.putArray("additionalGids");
                user.additionalGids().forEach(gids::add);
            }
            Path session = dir.execs().resolve(newUuid());
            Files.createDirectories(session);
            json.writeValue(session.resolve("process.json").toFile(), process);
            return session;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare exec in " + id, e);
        }
    }

    // ---- exits and restarts ----------------------------------------------------------

    private void onExit(String id) {
        if (id == null) {
            containerIds().forEach(this::applyRestartPolicy);
        } else if (Files.isDirectory(layout.container(id).bundle())) {
            // The exit file appears before conmon has written the code into it.
            scheduler.schedule(() -> applyRestartPolicy(id), 20, TimeUnit.MILLISECONDS);
        }
    }

    private void applyRestartPolicy(String id) {
        try {
            ContainerDirectory dir = layout.container(id);
            long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (readExitCode(dir) == null) {
                if (!Files.exists(dir.record()) || System.nanoTime() > deadline) {
                    return; // removed, or restarted by someone else
                }
                Conmon.sleep(10);
            }
            ContainerStatus exited = null;
            synchronized (lock(id)) {
                if (Files.exists(dir.record())) { // not removed meanwhile
                    ContainerRecord record = ContainerRecord.read(dir.record());
                    Integer exit = readExitCode(dir);
                    if (exit != null) {
                        exited = status(record, ContainerState.EXITED, 0, exit, dir);
                    }
                    decideRestart(id, dir);
                }
            }
            if (exited != null) {
                notifyChange(exited);
            }
        } catch (RuntimeException e) {
            LOG.warn("applying the restart policy of {} failed", id, e);
        }
    }

    private void decideRestart(String id, ContainerDirectory dir) {
        ContainerRecord record = ContainerRecord.read(dir.record());
        Integer exit = readExitCode(dir);
        if (exit == null) {
            return;
        }
        RestartDecision decision = record.spec().restartPolicy().decide(exit, record.restartCount(), record.stoppedByUser());
        LOG.debug("container {} exited with {}: restart={} ({})", id, exit, decision.restart(), decision.reason());
        if (decision.restart() && restartsPending.add(id)) {
            Instant startedAt = record.startedAt();
            scheduler.schedule(() -> restart(id, startedAt), decision.delay().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void restart(String id, Instant exitedRunStartedAt) {
        ContainerStatus restarted = null;
        try {
            synchronized (lock(id)) {
                ContainerDirectory dir = layout.container(id);
                restartsPending.remove(id);
                if (!Files.exists(dir.record()) || readExitCode(dir) == null) {
                    return;
                }
                ContainerRecord record = ContainerRecord.read(dir.record());
                // A user stopped or started it while the backoff ran: their word wins.
                if (record.stoppedByUser() || !java.util.Objects.equals(record.startedAt(), exitedRunStartedAt)) {
                    return;
                }
                record = relaunch(id, dir, record.withRestartCount(record.restartCount() + 1));
                ContainerRecord started = record.withStarted(Instant.now(), record.conmonUuid());
                started.write(dir.record());
                runc.start(id);
                LOG.info("restarted container {} (restart {})", id, record.restartCount());
                restarted = status(started, ContainerState.RUNNING, readPid(dir), null, dir);
            }
        } catch (RuntimeException e) {
            LOG.warn("restarting container {} failed", id, e);
        }
        if (restarted != null) {
            notifyChange(restarted);
        }
    }

    /** Replaces an exited container's runc container and monitor with fresh ones over the same bundle. */
    private ContainerRecord relaunch(String id, ContainerDirectory dir, ContainerRecord record) {
        runc.delete(id, true);
        try {
            Files.deleteIfExists(dir.exitFile());
            Files.deleteIfExists(dir.oomFile());
            Files.deleteIfExists(layout.exits().resolve(id));
            Files.deleteIfExists(layout.sockets().resolve(record.conmonUuid()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear the last exit of " + id, e);
        }
        String uuid = newUuid();
        ContainerRecord next = new ContainerRecord(record.spec(), record.rootfs(), uuid, record.createdAt(),
            record.startedAt(), record.restartCount(), false);
        next.write(dir.record());
        Conmon.PendingCreate monitor = conmon.launchCreate(id, uuid, dir, record.spec().tty());
        monitor.go();
        monitor.awaitCreated();
        return next;
    }

    /**
     * Takes over after an engine restart: a container whose monitor died runs unwatched —
     * nobody would record its exit or log — so it is killed and marked exited (137).
     * Exits that happened while no engine ran get their restart policy applied now.
     */
    private void recover() {
        discardHalfCreated();
        for (String id : containerIds()) {
            try {
                ContainerDirectory dir = layout.container(id);
                if (readExitCode(dir) == null && !Conmon.isAlive(dir.conmonPidFile(), id)
                        && runc.state(id).isPresent()) {
                    LOG.warn("container {} lost its conmon monitor; killing it", id);
                    runc.kill(id, Signals.SIGKILL);
                    runc.delete(id, true);
                    Files.writeString(dir.exitFile(), "137");
                }
                if (readExitCode(dir) != null) {
                    applyRestartPolicy(id);
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("recovering container {} failed", id, e);
            }
        }
    }

    @Override
    public void addChangeListener(Consumer<ContainerStatus> listener) {
        changeListeners.add(java.util.Objects.requireNonNull(listener, "listener"));
    }

    private void notifyChange(ContainerStatus status) {
        for (Consumer<ContainerStatus> listener : changeListeners) {
            try {
                listener.accept(status);
            } catch (RuntimeException e) {
                LOG.warn("a change listener failed on {}", status.id(), e);
            }
        }
    }

    @Override
    public void close() {
        monitor.close();
        scheduler.shutdownNow();
    }

    // ---- helpers ---------------------------------------------------------------------

    private ContainerDirectory existing(String id) {
        if (id == null || id.isEmpty() || id.contains("/") || id.equals(".") || id.equals("..")) {
            throw new NoSuchContainerException(String.valueOf(id));
        }
        ContainerDirectory dir = layout.container(id);
        if (!Files.exists(dir.record())) {
            throw new NoSuchContainerException(id);
        }
        return dir;
    }

    private Object lock(String id) {
        return locks.computeIfAbsent(id, k -> new Object());
    }

    /** Bundles without Berth's record: creates the last engine did not finish (it died while preparing the rootfs). */
    private void discardHalfCreated() {
        try (Stream<Path> s = Files.list(layout.containers())) {
            for (Path bundle : s.filter(p -> !Files.exists(p.resolve("berth.json"))).toList()) {
                String id = bundle.getFileName().toString();
                LOG.warn("discarding the half-created container {}", id);
                discard(id, layout.container(id), null);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list containers in " + layout.containers(), e);
        }
    }

    private List<String> containerIds() {
        try (Stream<Path> s = Files.list(layout.containers())) {
            return s.filter(p -> Files.exists(p.resolve("berth.json")))
                .map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list containers in " + layout.containers(), e);
        }
    }

    private ResolvedUser resolveUser(Path rootfs, UserSpec user) throws IOException {
        RootfsFiles files = new RootfsFiles(rootfs);
        return UserDatabase.parse(files.read("/etc/passwd").orElse(null), files.read("/etc/group").orElse(null))
            .resolve(user);
    }

    private ContainerStatus status(ContainerRecord r, ContainerState state, int pid, Integer exit, ContainerDirectory dir) {
        Instant finished = null;
        if (state == ContainerState.EXITED && Files.exists(dir.exitFile())) {
            try {
                finished = Files.getLastModifiedTime(dir.exitFile()).toInstant();
            } catch (IOException ignored) {
                // removed meanwhile
            }
        }
        boolean oom = state == ContainerState.EXITED && Files.exists(dir.oomFile());
        return new ContainerStatus(r.spec().id(), state, pid, exit, oom, r.restartCount(), r.stoppedByUser(),
            r.createdAt(), r.startedAt(), finished);
    }

    /**
     * The pid of a container being run, once its init was let go and {@code runc create} wrote its
     * pid file — the last thing runc does before it exits, so the create succeeded — which is a
     * millisecond or more before conmon notices runc's exit and reports the same pid;
     * {@link Conmon#SOON} between the two, 0 before init was let go.
     */
    private static int createdByRunc(ExecFifoStarter.EarlyStart early, ContainerDirectory dir) {
        if (!early.released()) {
            return 0;
        }
        int pid = readPid(dir);
        return pid > 0 ? pid : Conmon.SOON;
    }

    /** The container's host pid as conmon recorded it, 0 if unknown. */
    private static int readPid(ContainerDirectory dir) {
        try {
            String text = Files.readString(dir.pidFile()).strip();
            return UserSpec.isNumeric(text) ? Integer.parseInt(text) : 0;
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    /** conmon's exit code for the last run, or null while it runs. */
    private static Integer readExitCode(ContainerDirectory dir) {
        try {
            String text = Files.readString(dir.exitFile(), StandardCharsets.UTF_8).strip();
            if (text.isEmpty()) {
                return null;
            }
            return Integer.parseInt(text);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | NumberFormatException e) {
            throw new ContainerRuntimeException("unreadable exit file " + dir.exitFile() + ": " + e.getMessage());
        }
    }

    private static boolean waitForExitFile(ContainerDirectory dir, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (readExitCode(dir) == null) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            Conmon.sleep(20);
        }
        return true;
    }

    /** Deletes what exists of a container: runc's state, its conmon, exit file, socket link, bundle. */
    private void discard(String id, ContainerDirectory dir, String uuid) {
        try {
            runc.delete(id, true);
        } catch (RuntimeException e) {
            LOG.warn("runc delete of {} failed", id, e);
        }
        killStrayConmon(dir, id);
        try {
            Files.deleteIfExists(layout.exits().resolve(id));
            if (uuid != null) {
                Files.deleteIfExists(layout.sockets().resolve(uuid));
            }
        } catch (IOException e) {
            LOG.warn("cleaning up {} failed", id, e);
        }
        deleteTree(dir.bundle());
    }

    private static void killStrayConmon(ContainerDirectory dir, String id) {
        if (!Conmon.isAlive(dir.conmonPidFile(), id)) {
            return;
        }
        try {
            long pid = Long.parseLong(Files.readString(dir.conmonPidFile()).strip());
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        } catch (IOException | NumberFormatException e) {
            LOG.debug("conmon of {} went away", id, e);
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.debug("cannot delete {}", file, e);
        }
    }

    private static String newUuid() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }
}
