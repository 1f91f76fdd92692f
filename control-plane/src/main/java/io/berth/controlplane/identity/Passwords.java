package io.berth.controlplane.identity;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import io.berth.controlplane.api.InvalidCommand;

/**
 * Argon2id password hashes in the PHC string format ({@code $argon2id$v=19$m=…,t=…,p=…$salt$hash}).
 * New hashes use OWASP's recommended minimum (19 MiB, 2 iterations, 1 lane); verification reads
 * the parameters from the stored hash, so raising them later keeps old passwords working.
 */
public final class Passwords {

    private static final Argon2Function NEW_HASHES = Argon2Function.getInstance(19 * 1024, 2, 1, 32, Argon2.ID);
    static final int MIN_LENGTH = 10;
    private static final int MAX_LENGTH = 1024;

    /** Checked against when the user does not exist, so an unknown name costs as long as a known one. */
    private static final String DECOY = hash("decoy-password-never-matches");

    private Passwords() {
    }

    public static String hash(String password) {
        return Password.hash(password).addRandomSalt(16).with(NEW_HASHES).getResult();
    }

    public static boolean matches(String password, String storedHash) {
        if (password == null || password.length() > MAX_LENGTH) {
            return false;
        }
        if (storedHash == null || !storedHash.startsWith("$argon2id$")) {
            Password.check(password, DECOY).with(Argon2Function.getInstanceFromHash(DECOY));
            return false;
        }
        return Password.check(password, storedHash).with(Argon2Function.getInstanceFromHash(storedHash));
    }

    /** Refuses a password too short to resist guessing or too long to hash cheaply. */
    public static String requireAcceptable(String password) {
        if (password == null || password.length() < MIN_LENGTH) {
            throw new InvalidCommand("a password has at least " + MIN_LENGTH + " characters");
        }
        if (password.length() > MAX_LENGTH) {
            throw new InvalidCommand("a password has at most " + MAX_LENGTH + " characters");
        }
        return password;
    }
}
