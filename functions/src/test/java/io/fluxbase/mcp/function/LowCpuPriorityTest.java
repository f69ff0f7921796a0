package io.fluxbase.mcp.function;

import static io.fluxbase.mcp.function.Functions.call;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** On Linux, function threads run at nice 10, below the server's own threads. */
@EnabledOnOs(OS.LINUX)
class LowCpuPriorityTest {

    @Test
    void functionThreadsRunAtNiceTen() throws InterruptedException {
        try (FunctionRuntime runtime = new FunctionRuntime()) {
            call(runtime, "export default () => 1;");

            Map<String, Integer> niceByThread = Map.of();
            for (int i = 0; i < 50; i++) { // renice runs in the background: poll briefly
                niceByThread = functionThreadNiceValues();
                if (!niceByThread.isEmpty() && niceByThread.values().stream().allMatch(n -> n == LowCpuPriority.NICE)) {
                    break;
                }
                Thread.sleep(100);
            }

            assertThat(niceByThread).isNotEmpty().allSatisfy((thread, nice) -> assertThat(nice).as(thread)
                    .isEqualTo(10));
            assertThat(ownNice()).as("the test's own thread is not lowered").isZero();
        }
    }

    /** Nice value (field 19 of {@code stat}) of each thread of this JVM whose native name is a function thread's. */
    private static Map<String, Integer> functionThreadNiceValues() {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            return tasks.filter(task -> read(task.resolve("comm")).strip().matches("function-\\d+"))
                    .collect(Collectors.toMap(task -> task.getFileName().toString(), LowCpuPriorityTest::niceOf));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int ownNice() {
        return niceOf(Path.of("/proc/thread-self"));
    }

    private static int niceOf(Path task) {
        String stat = read(task.resolve("stat"));
        // the name (field 2) may hold spaces; the fields after its closing parenthesis start at field 3
        List<String> fields = List.of(stat.substring(stat.lastIndexOf(')') + 2).split(" "));
        return Integer.parseInt(fields.get(19 - 3));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException threadEnded) {
            return "";
        }
    }
}
