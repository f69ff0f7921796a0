package io.fluxbase.mcp.kernel.filter;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code (a, b,"c,d","say \"hi\"")}, PostgREST's list syntax: double-quoted items may hold
 * commas and parentheses, a backslash escapes the next character inside quotes, whitespace around
 * unquoted items is dropped (quote an item to keep it).
 */
final class InListParser {

    private static final String EXAMPLE = "e.g. 'in.(1,2,3)' or 'in.(a,\"b,c\")'";

    private final String argument;
    private final String text;
    private final String list;
    private int pos;

    private InListParser(String argument, String text, String list) {
        this.argument = argument;
        this.text = text;
        this.list = list;
    }

    static ListValue parse(String argument, String text, String list) {
        return new InListParser(argument, text, list).parse();
    }

    private ListValue parse() {
        skipSpaces();
        if (pos >= list.length() || list.charAt(pos) != '(') {
            throw error("'in' needs a parenthesized list in '" + text + "'; " + EXAMPLE);
        }
        pos++;
        List<String> items = new ArrayList<>();
        while (true) {
            skipSpaces();
            if (pos >= list.length()) {
                throw error("unbalanced parentheses in '" + text + "': missing ')'; " + EXAMPLE);
            }
            if (items.isEmpty() && pos < list.length() && list.charAt(pos) == ')') {
                throw error("empty list in '" + text + "'; give at least one value, " + EXAMPLE);
            }
            items.add(pos < list.length() && list.charAt(pos) == '"' ? quotedItem() : plainItem());
            skipSpaces();
            if (pos >= list.length()) {
                throw error("unbalanced parentheses in '" + text + "': missing ')'; " + EXAMPLE);
            }
            char c = list.charAt(pos++);
            if (c == ')') {
                break;
            }
            if (c != ',') {
                throw error("unexpected '" + c + "' after a quoted item in '" + text
                        + "'; separate items with commas, " + EXAMPLE);
            }
        }
        if (!list.substring(pos).isBlank()) {
            throw error("unexpected text '" + list.substring(pos) + "' after ')' in '" + text + "'; " + EXAMPLE);
        }
        return new ListValue(items);
    }

    private String quotedItem() {
        pos++; // opening quote
        StringBuilder item = new StringBuilder();
        while (pos < list.length()) {
            char c = list.charAt(pos++);
            if (c == '"') {
                return item.toString();
            }
            if (c == '\\' && pos < list.length()) {
                c = list.charAt(pos++);
            }
            item.append(c);
        }
        throw error("unbalanced double quote in '" + text + "'; close every quoted item, " + EXAMPLE);
    }

    private String plainItem() {
        int start = pos;
        while (pos < list.length() && list.charAt(pos) != ',' && list.charAt(pos) != ')') {
            char c = list.charAt(pos);
            if (c == '(' || c == '"') {
                throw error("unexpected '" + c + "' inside an unquoted item in '" + text
                        + "'; put items containing ( ) , or \" in double quotes, " + EXAMPLE);
            }
            pos++;
        }
        String item = list.substring(start, pos).strip();
        if (item.isEmpty()) {
            throw error("empty item in '" + text + "'; remove the extra comma or write \"\" for an empty string, "
                    + EXAMPLE);
        }
        return item;
    }

    private void skipSpaces() {
        while (pos < list.length() && Character.isWhitespace(list.charAt(pos))) {
            pos++;
        }
    }

    private FilterSyntaxError error(String detail) {
        return new FilterSyntaxError(argument, detail);
    }
}
