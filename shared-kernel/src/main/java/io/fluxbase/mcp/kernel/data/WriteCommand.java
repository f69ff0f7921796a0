package io.fluxbase.mcp.kernel.data;

import io.fluxbase.mcp.kernel.caller.Caller;

/**
 * A data-plane write, checked against the live catalogue by the edge and carried out by the command side in one
 * transaction with its change events and its call record.
 */
public sealed interface WriteCommand
        permits TableWriteCommand, InvokeRpcCommand {

    Caller caller();
}
