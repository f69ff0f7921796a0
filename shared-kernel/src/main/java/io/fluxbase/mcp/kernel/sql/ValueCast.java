package io.fluxbase.mcp.kernel.sql;

/**
 * One parameter of a statement that is a caller's value cast to a catalog type, with the argument it came from. When
 * PostgreSQL refuses a value, each can be cast on its own to find which argument to name, without reading anything
 * out of PostgreSQL's message.
 *
 * @param parameter the parameter's index in {@link BoundSql#parameters()}, from 0
 * @param argument  e.g. {@code data.amount}, {@code filter.id} or {@code params.due}
 * @param castType  the trusted catalog type the statement casts it to, e.g. {@code numeric}
 */
public record ValueCast(int parameter, String argument, String castType) {
}
