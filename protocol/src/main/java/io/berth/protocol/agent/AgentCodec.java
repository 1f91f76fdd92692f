package io.berth.protocol.agent;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.time.Instant;
import java.util.UUID;

/**
 * JSON encoding of instructions and reports, shared by the control plane and the agents.
 * Readers ignore fields they do not know, so a newer writer may add optional fields without a
 * version bump; anything else raises the version, and a reader refuses a version newer than
 * the one it was built with rather than misread it.
 */
public final class AgentCodec {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private static final MessageTypes<Instruction> INSTRUCTIONS = new MessageTypes<>(Instruction.class);
    private static final MessageTypes<Report> REPORTS = new MessageTypes<>(Report.class);

    private AgentCodec() {
    }

    public static ObjectMapper json() {
        return JSON;
    }

    public static InstructionEnvelope wrap(UUID commandId, String hostId, String actor, Instruction instruction) {
        MessageType type = INSTRUCTIONS.typeOf(instruction);
        return new InstructionEnvelope(commandId, hostId, type.name(), type.version(), Instant.now(), actor,
                JSON.valueToTree(instruction));
    }

    public static ReportEnvelope wrap(String hostId, UUID commandId, Report report) {
        MessageType type = REPORTS.typeOf(report);
        return new ReportEnvelope(UUID.randomUUID(), hostId, commandId, type.name(), type.version(), Instant.now(),
                JSON.valueToTree(report));
    }

    public static byte[] encode(InstructionEnvelope envelope) {
        return write(envelope);
    }

    public static byte[] encode(ReportEnvelope envelope) {
        return write(envelope);
    }

    /** The Kafka record value of an instruction: the envelope sealed for its host. */
    public static byte[] seal(InstructionEnvelope envelope, HostCredential credential) {
        if (!credential.hostId().equals(envelope.hostId())) {
            throw new IllegalArgumentException("instruction for " + envelope.hostId() + " sealed with the credential of "
                    + credential.hostId());
        }
        return write(SealedInstruction.seal(credential, encode(envelope)));
    }

    /** The Kafka record value of a report: the envelope signed by its host. */
    public static byte[] sign(ReportEnvelope envelope, HostCredential credential) {
        if (!credential.hostId().equals(envelope.hostId())) {
            throw new IllegalArgumentException("report of " + envelope.hostId() + " signed with the credential of "
                    + credential.hostId());
        }
        return write(SignedReport.sign(credential, encode(envelope)));
    }

    /** The sealed wrapper of an instruction record, not yet opened. */
    public static SealedInstruction decodeSealed(byte[] bytes) {
        SealedInstruction sealed = read(bytes, SealedInstruction.class);
        if (sealed.hostId() == null || sealed.sealed() == null) {
            throw new UnreadableMessageException("sealed instruction lacks hostId or ciphertext", null);
        }
        return sealed;
    }

    /** The signed wrapper of a report record, not yet verified. */
    public static SignedReport decodeSigned(byte[] bytes) {
        SignedReport signed = read(bytes, SignedReport.class);
        if (signed.hostId() == null || signed.report() == null || signed.mac() == null) {
            throw new UnreadableMessageException("signed report lacks hostId, report or mac", null);
        }
        return signed;
    }

    /** Opens an instruction record with this host's credential: sealed for it, intact, for this host. */
    public static InstructionEnvelope openInstruction(byte[] bytes, HostCredential credential) {
        InstructionEnvelope envelope = decodeInstruction(decodeSealed(bytes).open(credential));
        if (!credential.hostId().equals(envelope.hostId())) {
            throw new SealedInstruction.NotForThisHostException("sealed for " + credential.hostId()
                    + " but addressed to " + envelope.hostId());
        }
        return envelope;
    }

    public static InstructionEnvelope decodeInstruction(byte[] bytes) {
        InstructionEnvelope envelope = read(bytes, InstructionEnvelope.class);
        if (envelope.commandId() == null || envelope.hostId() == null || envelope.type() == null) {
            throw new UnreadableMessageException("instruction envelope lacks commandId, hostId or type", null);
        }
        return envelope;
    }

    public static ReportEnvelope decodeReport(byte[] bytes) {
        ReportEnvelope envelope = read(bytes, ReportEnvelope.class);
        if (envelope.reportId() == null || envelope.hostId() == null || envelope.type() == null) {
            throw new UnreadableMessageException("report envelope lacks reportId, hostId or type", null);
        }
        return envelope;
    }

    public static Instruction instruction(InstructionEnvelope envelope) {
        return payload(INSTRUCTIONS, envelope.type(), envelope.schemaVersion(), envelope.payload());
    }

    public static Report report(ReportEnvelope envelope) {
        return payload(REPORTS, envelope.type(), envelope.schemaVersion(), envelope.payload());
    }

    /** The wire name of an instruction or report record. */
    public static String typeName(Object message) {
        MessageType type = message.getClass().getAnnotation(MessageType.class);
        if (type == null) {
            throw new IllegalArgumentException(message.getClass().getName() + " is not a protocol message");
        }
        return type.name();
    }

    private static <T> T payload(MessageTypes<T> types, String name, int version, JsonNode payload) {
        Class<? extends T> type = types.byName(name).orElseThrow(() -> new UnreadableMessageException(
                "unknown " + types.family().toLowerCase() + " type '" + name + "'", null));
        int supported = type.getAnnotation(MessageType.class).version();
        if (version > supported) {
            throw new UnreadableMessageException(name + " has schema version " + version
                    + " but this side reads up to " + supported + "; upgrade it", null);
        }
        try {
            return JSON.treeToValue(payload, type);
        } catch (IOException | IllegalArgumentException e) {
            throw new UnreadableMessageException(name + " payload is malformed: " + e.getMessage(), e);
        }
    }

    private static byte[] write(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot encode " + value.getClass().getSimpleName(), e);
        }
    }

    private static <T> T read(byte[] bytes, Class<T> type) {
        try {
            return JSON.readValue(bytes, type);
        } catch (IOException e) {
            throw new UnreadableMessageException("not a " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }
}
