package io.fluxbase.mcp.kernel.compliance;

import java.util.concurrent.CompletableFuture;

/** Builds the report from the read models with SQL aggregates; nothing is loaded record by record. */
public interface ComplianceReports {

    CompletableFuture<ComplianceReport> report(ComplianceReportQuery query);
}
