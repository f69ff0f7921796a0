package io.fluxbase.mcp.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.AbstractMap.SimpleEntry;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class TableTest {

    @Test
    void alignsColumnsWithoutTrailingSpaces() {
        Grid grid = Grid.withHeaders("ID", "NAME", "SCOPES")
                .row("1", "ci-bot", "read:tables")
                .row("22", "x", null);

        assertThat(Table.render(grid)).isEqualTo("""
                ID  NAME    SCOPES
                1   ci-bot  read:tables
                22  x       -
                """);
    }

    @Test
    void keepsEachRowOnOneLineAndShortensLongValues() {
        String longValue = "x".repeat(Table.MAX_CELL_WIDTH + 10);
        Grid grid = Grid.withHeaders("A", "B").row("line one\nline two", longValue);

        String[] lines = Table.render(grid).split("\n");

        assertThat(lines).hasSize(2);
        assertThat(lines[1]).startsWith("line one line two  ")
                .endsWith("x".repeat(Table.MAX_CELL_WIDTH - 3) + "...");
    }

    /** A caller's client name or user agent must not move the cursor, erase lines or set the title. */
    @Test
    void showsControlCharactersAsEscapesNeverToTheTerminal() {
        String attack = "\u001b[1A\u001b[2K\u001b]0;owned\u0007\u009b2J\u202egnp.exe\u0000";
        Grid grid = Grid.withHeaders("CLIENT").row(attack);

        String shown = Table.render(grid) + Table.fixedWidthLine(List.of(attack), new int[] {200})
                + Table.details(List.of(new SimpleEntry<>("Client", attack)));

        assertThat(shown.chars().filter(c -> c != '\n' && (Character.isISOControl(c) || c == 0x202e))).isEmpty();
        assertThat(shown).contains("\\u001b[1A\\u001b[2K\\u001b]0;owned\\u0007\\u009b2J\\u202egnp.exe\\u0000");
    }

    @Test
    void showsDetailsWithAlignedValues() {
        List<Map.Entry<String, @Nullable String>> fields = Arrays.asList(
                new SimpleEntry<>("ID", "k1"), new SimpleEntry<>("Last used", null));

        assertThat(Table.details(fields)).isEqualTo("""
                ID:         k1
                Last used:  -
                """);
    }

    @Test
    void padsStreamedRowsToFixedWidths() {
        int[] widths = {4, 6, 3};

        assertThat(Table.fixedWidthLine(Arrays.asList("a", "toolong", "c"), widths)).isEqualTo("a     too...  c\n");
        assertThat(Table.fixedWidthLine(Arrays.asList("TIME", null, "x"), widths)).isEqualTo("TIME  -       x\n");
    }
}
