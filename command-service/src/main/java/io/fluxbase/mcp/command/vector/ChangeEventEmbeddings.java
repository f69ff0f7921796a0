package io.fluxbase.mcp.command.vector;

import io.fluxbase.mcp.kernel.data.RecordsChangedEvent;
import io.fluxbase.mcp.kernel.data.RowChange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Embeds the rows MCP writes change, from their change events in the command log: the trigger-fed queue skips those
 * writes (V42) and takes the other paths'. A processor batch's rows are embedded together, table by table, just before
 * its token is stored, in a transaction of their own; should that fail (the provider down, the table gone), the rows
 * go on the queue instead, whose loop retries them, and the processor moves on. A row whose text did not change is not
 * embedded again (the worker compares digests), so a batch replayed after a crash costs only reads.
 */
@Component
@ProcessingGroup(ChangeEventEmbeddings.GROUP)
class ChangeEventEmbeddings {

    static final String GROUP = "vector-embeddings";
    private static final Logger log = LoggerFactory.getLogger(ChangeEventEmbeddings.class);
    /** A batch's changed rows while no table is vector-enabled: none are kept. */
    private static final Map<String, List<String>> NOTHING_ENABLED = Map.of();

    private final EmbeddingWorker worker;
    private final TransactionTemplate ownTransaction;

    ChangeEventEmbeddings(EmbeddingWorker worker, PlatformTransactionManager transactions) {
        this.worker = worker;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /**
     * Takes the change event as stored and reads it only while some table is vector-enabled: most projects have none,
     * and reading every row of every write would cost each write for nothing. Whether any table is enabled is asked
     * once per batch, after its events were read, so each of its rows was committed before the answer: a table
     * enabled later gets those rows from its backfill, and the rows written after it from the batches that follow.
     */
    @EventHandler(payloadType = RecordsChangedEvent.class)
    void on(EventMessage<?> message, UnitOfWork<?> unitOfWork) {
        UnitOfWork<?> batch = unitOfWork.root();
        Map<String, List<String>> keysByTable = batch.getOrComputeResource(GROUP, name -> {
            if (!worker.anyEnabled()) {
                return NOTHING_ENABLED;
            }
            Map<String, List<String>> changed = new LinkedHashMap<>();
            batch.onPrepareCommit(committing -> changed.forEach(this::embed));
            return changed;
        });
        if (keysByTable == NOTHING_ENABLED) {
            return;
        }
        RecordsChangedEvent event = (RecordsChangedEvent) message.getPayload();
        keysByTable.computeIfAbsent(event.table(), table -> new ArrayList<>())
                .addAll(event.rows().stream().map(RowChange::key).filter(Objects::nonNull).toList());
    }

    private void embed(String table, List<String> primaryKeys) {
        List<String> keys = worker.rowKeys(table, primaryKeys);
        if (keys.isEmpty()) {
            return;
        }
        try {
            ownTransaction.executeWithoutResult(status -> worker.embedRows(table, keys));
        } catch (RuntimeException e) {
            log.warn("Embedding {} rows of {} from their change events failed ({}); they wait on the vector queue",
                    keys.size(), table, e.getMessage());
            worker.enqueue(table, keys);
        }
    }
}
