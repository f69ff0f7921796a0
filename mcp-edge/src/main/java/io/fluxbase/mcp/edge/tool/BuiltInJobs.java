package io.fluxbase.mcp.edge.tool;

import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** The jobs the server brings along ({@code export_table}), found by name before the deployed ones. */
@Component
public class BuiltInJobs {

    private final List<BuiltInJob> jobs;

    BuiltInJobs(List<BuiltInJob> jobs) {
        this.jobs = List.copyOf(jobs);
    }

    public Optional<BuiltInJob> find(String name) {
        return jobs.stream().filter(job -> job.name().equals(name)).findFirst();
    }

    /** The names keys may submit. */
    public List<String> names() {
        return jobs.stream().filter(BuiltInJob::submittable).map(BuiltInJob::name).sorted().toList();
    }
}
