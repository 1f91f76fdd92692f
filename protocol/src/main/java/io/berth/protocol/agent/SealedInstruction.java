package io.berth.protocol.agent;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * An instruction as it travels on {@code berth.agent.commands}: the encoded
 * {@link InstructionEnvelope} encrypted with AES-256-GCM under the addressed host's instruction
 * key, the host id and generation bound in as associated data. Every agent can read every
 * partition of the topic, but only the addressed host can open (or has any use for) its
 * instructions, and a changed byte or a record re-addressed to another host fails to open.
 *
 * @param version    this wrapper's format (1)
 * @param hostId     the host it is sealed for
 * @param generation the credential generation it is sealed under
 * @param nonce      12 random bytes, fresh per instruction
 * @param sealed     ciphertext and the 16-byte tag
 */
public record SealedInstruction(int version, String hostId, long generation, byte[] nonce, byte[] sealed) {

    public static final int VERSION = 1;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int TAG_BITS = 128;

    /** Seals an encoded instruction for the host of {@code credential}. */
    public static SealedInstruction seal(HostCredential credential, byte[] instruction) {
        byte[] nonce = new byte[12];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, credential, nonce);
            cipher.updateAAD(aad(credential.hostId(), credential.generation()));
            return new SealedInstruction(VERSION, credential.hostId(), credential.generation(), nonce,
                    cipher.doFinal(instruction));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is missing from this JDK", e);
        }
    }

    /**
     * The encoded instruction, if it was sealed for this credential's host and generation;
     * otherwise {@link NotForThisHostException} saying why.
     */
    public byte[] open(HostCredential credential) {
        if (version != VERSION) {
            throw new NotForThisHostException("sealed instruction format " + version + " is unknown here");
        }
        if (!credential.hostId().equals(hostId)) {
            throw new NotForThisHostException("sealed for host " + hostId + ", not " + credential.hostId());
        }
        if (credential.generation() != generation) {
            throw new NotForThisHostException("sealed for credential generation " + generation + " of host " + hostId
                    + "; this agent holds generation " + credential.generation());
        }
        if (nonce == null || nonce.length != 12 || sealed == null) {
            throw new NotForThisHostException("sealed instruction lacks its nonce or ciphertext");
        }
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, credential, nonce);
            cipher.updateAAD(aad(hostId, generation));
            return cipher.doFinal(sealed);
        } catch (AEADBadTagException e) {
            throw new NotForThisHostException("sealed instruction for " + hostId
                    + " does not open with this host's key (forged, altered or sealed with another key)");
        } catch (GeneralSecurityException e) {
            throw new NotForThisHostException("sealed instruction does not open: " + e.getMessage());
        }
    }

    private static Cipher cipher(int mode, HostCredential credential, byte[] nonce) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(credential.instructionKey(), "AES"), new GCMParameterSpec(TAG_BITS, nonce));
        return cipher;
    }

    private static byte[] aad(String hostId, long generation) {
        return ("berth-instruction-v1\n" + hostId + "\n" + generation).getBytes(StandardCharsets.UTF_8);
    }

    /** An instruction that this agent must not apply: not sealed for it, or not intact. */
    public static final class NotForThisHostException extends UnreadableMessageException {
        public NotForThisHostException(String message) {
            super(message, null);
        }
    }
}
