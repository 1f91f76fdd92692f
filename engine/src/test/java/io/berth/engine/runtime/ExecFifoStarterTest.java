package io.berth.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecFifoStarterTest {

    @TempDir
    Path runcRoot;

    @Test
    void leavesItToRuncWhenThereIsNoFifo() {
        assertThat(new ExecFifoStarter(runcRoot).start("absent", (int) ProcessHandle.current().pid())).isFalse();
    }

    @Test
    void leavesItToRuncWhenInitIsGone() throws Exception {
        Path dir = Files.createDirectories(runcRoot.resolve("c1"));
        Process mkfifo = new ProcessBuilder("mkfifo", dir.resolve("exec.fifo").toString()).start();
        assertThat(mkfifo.waitFor()).isZero();
        // pid 0 and a pid that cannot exist both mean: no init to release.
        assertThat(new ExecFifoStarter(runcRoot).start("c1", 0)).isFalse();
        assertThat(new ExecFifoStarter(runcRoot).start("c1", Integer.MAX_VALUE)).isFalse();
        assertThat(dir.resolve("exec.fifo")).exists();
    }

    @Test
    void releasesAWaitingWriterAndRemovesTheFifo() throws Exception {
        Path dir = Files.createDirectories(runcRoot.resolve("c2"));
        Path fifo = dir.resolve("exec.fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        // Plays runc init: blocks opening the fifo for writing, writes "0", exits.
        Process init = new ProcessBuilder("sh", "-c", "printf 0 > " + fifo).start();
        assertThat(new ExecFifoStarter(runcRoot).start("c2", (int) init.pid())).isTrue();
        assertThat(init.waitFor()).isZero();
        assertThat(fifo).doesNotExist();
    }

    @Test
    void anEarlyStartSaysWhenInitWasLetGo() throws Exception {
        Path dir = Files.createDirectories(runcRoot.resolve("c3"));
        Path fifo = dir.resolve("exec.fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        ExecFifoStarter.EarlyStart early = new ExecFifoStarter(runcRoot).startEarly("c3");
        early.awaitReleased(1_000_000);
        assertThat(early.released()).isFalse(); // nobody played init yet

        Process init = new ProcessBuilder("sh", "-c", "printf 0 > " + fifo).start();
        early.awaitReleased(10_000_000_000L);
        assertThat(early.released()).isTrue();
        assertThat(init.waitFor()).isZero();
        assertThat(early.await()).isTrue();
        assertThat(fifo).doesNotExist();
    }

    @Test
    void anEarlyStartThatGaveUpIsNotReleased() {
        ExecFifoStarter.EarlyStart early = new ExecFifoStarter(runcRoot).startEarly("never-created");
        early.cancel();
        early.awaitReleased(1_000_000);
        assertThat(early.released()).isFalse();
    }
}
