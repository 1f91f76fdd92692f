package io.berth.engine.snapshots;

/**
 * One path a container changed, as {@code docker diff} prints it: {@code A /tmp/new},
 * {@code C /etc}, {@code D /bin/vi}. The path is absolute inside the container.
 */
public record Change(Kind kind, String path) {

    public enum Kind {
        /** The path did not exist in the image. */
        ADDED('A'),
        /** The path existed in the image and was modified, replaced, or had a child change. */
        CHANGED('C'),
        /** The path existed in the image and was removed. */
        DELETED('D');

        private final char letter;

        Kind(char letter) {
            this.letter = letter;
        }

        public char letter() {
            return letter;
        }
    }

    @Override
    public String toString() {
        return kind.letter() + " " + path;
    }
}
