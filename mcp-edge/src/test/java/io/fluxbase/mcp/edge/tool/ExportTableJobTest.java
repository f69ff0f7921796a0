package io.fluxbase.mcp.edge.tool;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** export_table's CSV records (RFC 4180). */
class ExportTableJobTest {

    static String csv(Object... values) {
        return new String(ExportTableJob.csvLine(Arrays.asList(values)), StandardCharsets.UTF_8);
    }

    @Test
    void plainValuesAreWrittenAsTheyAre() {
        assertThat(csv(1, "item one", 2.5, true)).isEqualTo("1,item one,2.5,true\r\n");
    }

    @Test
    void nullIsEmptyAndNestedJsonIsItsText() {
        assertThat(csv(null, Map.of("a", 1), List.of(1, 2))).isEqualTo(",\"{\"\"a\"\":1}\",\"[1,2]\"\r\n");
    }

    @Test
    void commasAndQuotesAreQuoted() {
        assertThat(csv("a,b", "say \"hi\"")).isEqualTo("\"a,b\",\"say \"\"hi\"\"\"\r\n");
    }

    @Test
    void lineBreaksAreQuoted() {
        assertThat(csv("two\nlines", "cr\r")).isEqualTo("\"two\nlines\",\"cr\r\"\r\n");
    }
}
