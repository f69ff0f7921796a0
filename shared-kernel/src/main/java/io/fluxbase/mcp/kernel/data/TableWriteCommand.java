package io.fluxbase.mcp.kernel.data;

import io.fluxbase.mcp.kernel.table.TableShape;

/** A write to one table: insert_record, update_record or delete_record, with the table's checked shape. */
public sealed interface TableWriteCommand extends WriteCommand
        permits InsertRecordsCommand, UpdateRecordsCommand, DeleteRecordsCommand {

    TableShape table();
}
