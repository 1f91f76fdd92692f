package io.berth.engine.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches conmon's exit directory (inotify through {@link WatchService}) and reports the
 * id of each container whose exit file appears. When events were lost (overflow), it
 * reports {@code null}: the listener must then look at every container.
 */
final class ExitMonitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExitMonitor.class);

    private final WatchService watcher;
    private final Thread thread;

    ExitMonitor(Path exitDir, Consumer<String> onExit) {
        try {
            watcher = exitDir.getFileSystem().newWatchService();
            exitDir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot watch exit directory " + exitDir, e);
        }
        thread = new Thread(() -> loop(onExit), "berth-exit-monitor");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop(Consumer<String> onExit) {
        while (true) {
            WatchKey key;
            try {
                key = watcher.take();
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            for (WatchEvent<?> event : key.pollEvents()) {
                try {
                    if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                        onExit.accept(null);
                    } else {
                        onExit.accept(((Path) event.context()).getFileName().toString());
                    }
                } catch (RuntimeException e) {
                    LOG.warn("handling a container exit failed", e);
                }
            }
            if (!key.reset()) {
                return;
            }
        }
    }

    @Override
    public void close() {
        try {
            watcher.close();
        } catch (IOException e) {
            LOG.debug("closing the exit watcher", e);
        }
        thread.interrupt();
    }
}
