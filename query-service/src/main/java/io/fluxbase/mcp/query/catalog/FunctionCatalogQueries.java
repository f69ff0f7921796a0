package io.fluxbase.mcp.query.catalog;

import io.fluxbase.mcp.kernel.caller.Caller;
import io.fluxbase.mcp.kernel.rpc.FunctionArgument;
import io.fluxbase.mcp.kernel.rpc.FunctionCatalog;
import io.fluxbase.mcp.kernel.rpc.FunctionSignature;
import io.fluxbase.mcp.query.db.Conversations;
import io.fluxbase.mcp.query.db.R2dbcCallerTransaction;
import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

/**
 * Functions from PostgreSQL's catalogue, read under the caller's role: only those in the exposed schemas that the
 * role may execute. Input arguments (IN, INOUT) in order, with whether each has a default. Left out: variadic
 * functions (named calls would need the VARIADIC keyword) and functions returning a bare {@code record} (they need
 * a column definition list no caller can give).
 */
@Component
class FunctionCatalogQueries implements FunctionCatalog {

    private static final String FUNCTIONS = """
            SELECT n.nspname AS schema, p.proname AS name, p.proretset AS returns_set,
                   (rt.typtype = 'c' OR p.prorettype = 'record'::regtype) AS returns_rows,
                   pg_get_function_result(p.oid) AS result_type,
                   obj_description(p.oid, 'pg_proc') AS description,
                   coalesce(a.names, '{}') AS arg_names, coalesce(a.types, '{}') AS arg_types,
                   coalesce(a.defaults, '{}') AS arg_defaults
            FROM pg_proc p
            JOIN pg_namespace n ON n.oid = p.pronamespace
            JOIN pg_type rt ON rt.oid = p.prorettype
            LEFT JOIN LATERAL (
                SELECT array_agg(coalesce(x.name, '') ORDER BY x.ord) AS names,
                       array_agg(format_type(x.type, NULL) ORDER BY x.ord) AS types,
                       array_agg(x.pos > p.pronargs - p.pronargdefaults ORDER BY x.ord) AS defaults
                FROM (SELECT u.*, row_number() OVER (ORDER BY u.ord) AS pos
                      FROM unnest(coalesce(p.proallargtypes, p.proargtypes::oid[]), p.proargmodes, p.proargnames)
                           WITH ORDINALITY AS u(type, mode, name, ord)
                      WHERE coalesce(u.mode, 'i') IN ('i', 'b')) x) a ON true
            WHERE n.nspname = ANY($1) AND p.prokind = 'f' AND has_function_privilege(p.oid, 'EXECUTE')
              AND p.provariadic = 0 AND NOT (p.prorettype = 'record'::regtype AND p.proallargtypes IS NULL)
              AND ($2::text IS NULL OR p.proname = $2) AND ($3::text IS NULL OR n.nspname = $3)
            ORDER BY n.nspname, p.proname, p.oid""";

    private static final String LIST = "SELECT json_build_object('schemas', $4::text[], 'functions',"
            + " coalesce(json_agg(json_build_object('name', f.schema || '.' || f.name, 'arguments', (SELECT"
            + " coalesce(json_agg(json_build_object('name', an, 'type', at, 'has_default', ad)), '[]') FROM"
            + " unnest(f.arg_names, f.arg_types, f.arg_defaults) AS g(an, at, ad)), 'returns', f.result_type,"
            + " 'returns_set', f.returns_set, 'description', f.description)), '[]'))::text FROM (" + FUNCTIONS + ") f";

    private final R2dbcCallerTransaction transaction;
    private final String[] schemas;

    FunctionCatalogQueries(R2dbcCallerTransaction transaction, @Value("${fluxbase.rpc.schemas:public}") String schemas) {
        this.transaction = transaction;
        this.schemas = Arrays.stream(schemas.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .toArray(String[]::new);
    }

    @Override
    public CompletableFuture<List<FunctionSignature>> overloads(Caller caller, String name) {
        int dot = name.indexOf('.');
        String schema = dot < 0 ? null : name.substring(0, dot);
        String function = dot < 0 ? name : name.substring(dot + 1);
        return Conversations.toFuture(transaction.run(caller, connection -> {
            Statement statement = connection.createStatement(FUNCTIONS).bind(0, schemas).bind(1, function);
            statement = schema == null ? statement.bindNull(2, String.class) : statement.bind(2, schema);
            return Flux.from(statement.execute())
                    .flatMap(result -> result.map(FunctionCatalogQueries::signature))
                    .collectList();
        }));
    }

    @Override
    public CompletableFuture<String> functionsJson(Caller caller) {
        return Conversations.toFuture(transaction.run(caller, connection -> Flux.from(connection.createStatement(LIST)
                        .bind(0, schemas).bindNull(1, String.class).bindNull(2, String.class).bind(3, schemas)
                        .execute())
                .flatMap(result -> result.map(row -> row.get(0, String.class)))
                .single()));
    }

    private static FunctionSignature signature(Readable row) {
        String[] names = row.get("arg_names", String[].class);
        String[] types = row.get("arg_types", String[].class);
        Boolean[] defaults = row.get("arg_defaults", Boolean[].class);
        List<FunctionArgument> arguments = new ArrayList<>(names.length);
        for (int i = 0; i < names.length; i++) {
            arguments.add(new FunctionArgument(names[i], types[i], Boolean.TRUE.equals(defaults[i])));
        }
        return new FunctionSignature(row.get("schema", String.class), row.get("name", String.class), arguments,
                row.get("result_type", String.class), Boolean.TRUE.equals(row.get("returns_set", Boolean.class)),
                Boolean.TRUE.equals(row.get("returns_rows", Boolean.class)));
    }
}
