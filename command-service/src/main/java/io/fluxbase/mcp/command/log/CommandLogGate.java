package io.fluxbase.mcp.command.log;

import io.fluxbase.mcp.callerdb.JdbcStatements;
import io.fluxbase.mcp.kernel.audit.SecretNames;
import io.fluxbase.mcp.kernel.caller.CallerSettings;
import io.fluxbase.mcp.kernel.caller.LogGateKey;
import io.fluxbase.mcp.kernel.time.IsoInstants;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The statements a caller login's transaction uses to reach the command log (the {@code fluxbase_gate} functions):
 * take the changes its statement made, append its events. They carry the gate's key, so they run only as unnamed
 * statements ({@link JdbcStatements#executeUnnamed}), which no SQL of the caller's transaction can replace. Events
 * are serialised here exactly as Axon's JDBC store serialises them (same serializer, non-aggregate events), so the
 * log reads the same whichever way an event came in.
 */
@Component
public class CommandLogGate {

    private static final String TAKE_CHANGES = "SELECT fluxbase_gate.take_changes(?)";

    private static final String APPEND = "SELECT fluxbase_gate.append_events(?, ?, ?, ?, ?, ?, ?)";
    /** What the serializer writes for empty meta data, as every event of a write has: written without asking it. */
    private static final String EMPTY_META_DATA = "{}";

    private final LogGateKey key;
    private final Serializer serializer;
    private final boolean keepValues;
    private final SecretNames secrets;

    CommandLogGate(LogGateKey key, @Qualifier("eventSerializer") Serializer serializer,
            @Value("${fluxbase.audit.change-values:digest}") String changeValues,
            @Value("${fluxbase.audit.secret-names:}") String secretNames) {
        this.key = key;
        this.serializer = serializer;
        this.keepValues = "full".equals(changeValues);
        this.secrets = secretNames.isBlank() ? SecretNames.defaults() : SecretNames.parse(secretNames);
    }

    /**
     * After the caller's statements (and {@link CallerSettings#WRITE_STATEMENTS_DONE}): the rows they changed,
     * whether the caller's statement changed them or a trigger, policy or function it set off. Every write takes them
     * before it commits: a write that did not would commit changes without their events, and leave what was captured
     * behind. SQLSTATE FBCTL when they are more than one write may record (see {@code fluxbase_gate.take_changes}).
     */
    public CapturedChanges takeChanges(Connection connection) throws SQLException {
        return CapturedChanges.parse(JdbcStatements.executeUnnamed(connection, TAKE_CHANGES, List.of(key.value()))
                .getFirst().rows().get(0)[0], keepValues, secrets);
    }

    /** Appends {@code events} (payloads, in order) to the log and commits the caller's transaction. */
    public void appendAndCommit(Connection connection, List<Object> events) throws SQLException {
        JdbcStatements.executeUnnamed(connection, APPEND + "; " + CallerSettings.CLOSE_WRITE,
                appendParameters(events));
    }

    /** The append's parameters: the gate key, then one text array per column of the event table. */
    List<Object> appendParameters(List<Object> events) {
        int size = events.size();
        String[] ids = new String[size];
        String[] types = new String[size];
        String[] revisions = new String[size];
        String[] payloads = new String[size];
        String[] metaData = new String[size];
        String[] times = new String[size];
        for (int i = 0; i < size; i++) {
            EventMessage<?> event = GenericEventMessage.asEventMessage(events.get(i));
            SerializedObject<byte[]> payload = serializer.serialize(event.getPayload(), byte[].class);
            ids[i] = event.getIdentifier();
            types[i] = payload.getType().getName();
            revisions[i] = payload.getType().getRevision();
            payloads[i] = new String(payload.getData(), StandardCharsets.UTF_8);
            metaData[i] = event.getMetaData().isEmpty() ? EMPTY_META_DATA
                    : new String(serializer.serialize(event.getMetaData(), byte[].class).getData(),
                            StandardCharsets.UTF_8);
            times[i] = IsoInstants.formatMillis(event.getTimestamp());
        }
        return List.of(key.value(), ids, types, revisions, payloads, metaData, times);
    }
}
