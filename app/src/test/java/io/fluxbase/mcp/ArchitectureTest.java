package io.fluxbase.mcp;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** DESIGN §3 as rules: dependencies point one way, the kernel stays plain, one place sets the database role. */
@AnalyzeClasses(packages = "io.fluxbase.mcp", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule dependenciesPointOneWay = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("edge").definedBy("io.fluxbase.mcp.edge..")
            .layer("command").definedBy("io.fluxbase.mcp.command..")
            .layer("query").definedBy("io.fluxbase.mcp.query..")
            .layer("cli").definedBy("io.fluxbase.mcp.cli..")
            .layer("function").definedBy("io.fluxbase.mcp.function..")
            .layer("callerdb").definedBy("io.fluxbase.mcp.callerdb..")
            .layer("kernel").definedBy("io.fluxbase.mcp.kernel..")
            .whereLayer("edge").mayNotBeAccessedByAnyLayer()
            .whereLayer("command").mayNotBeAccessedByAnyLayer()
            .whereLayer("query").mayNotBeAccessedByAnyLayer()
            .whereLayer("cli").mayNotBeAccessedByAnyLayer()
            .whereLayer("function").mayOnlyBeAccessedByLayers("edge")
            .whereLayer("callerdb").mayOnlyBeAccessedByLayers("command", "query")
            .whereLayer("kernel").mayOnlyBeAccessedByLayers("edge", "command", "query", "cli", "function", "callerdb");

    /** The function runtime is the engine only: the kernel's types and GraalJS, none of the services' stores. */
    @ArchTest
    static final ArchRule functionRuntimeUsesOnlyTheKernel = noClasses().that()
            .resideInAPackage("io.fluxbase.mcp.function..")
            .should().dependOnClassesThat().resideInAnyPackage("io.fluxbase.mcp.edge..", "io.fluxbase.mcp.command..",
                    "io.fluxbase.mcp.query..", "io.fluxbase.mcp.cli..", "io.fluxbase.mcp.callerdb..",
                    "org.axonframework..", "java.sql..",
                    "io.r2dbc..", "reactor..");

    @ArchTest
    static final ArchRule kernelStaysPlain = noClasses().that().resideInAPackage("io.fluxbase.mcp.kernel..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "java.sql..", "io.r2dbc..",
                    "reactor..", "com.fasterxml.jackson..", "tools.jackson..");

    @ArchTest
    static final ArchRule cliTalksOnlyToTheAdminApi = noClasses().that().resideInAPackage("io.fluxbase.mcp.cli..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.axonframework..",
                    "java.sql..", "io.r2dbc..");

    @ArchTest
    static final ArchRule modulesHaveNoCycles = slices().matching("io.fluxbase.mcp.(*)..").should().beFreeOfCycles();

    /** Inside the kernel too, each concept's package builds on others without needing them back. */
    @ArchTest
    static final ArchRule kernelConceptsHaveNoCycles = slices().matching("io.fluxbase.mcp.kernel.(*)..").should()
            .beFreeOfCycles();
}
