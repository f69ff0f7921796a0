package io.fluxbase.mcp.config;

import io.fluxbase.mcp.kernel.audit.AuditCategory;
import io.fluxbase.mcp.kernel.audit.CallOutcome;
import io.fluxbase.mcp.kernel.audit.CallRecord;
import io.fluxbase.mcp.kernel.audit.CallRecorder;
import io.fluxbase.mcp.kernel.audit.Digests;
import io.fluxbase.mcp.kernel.audit.TimeOrderedIds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Settings come from fluxbase.yaml and the environment at start; there is no API that changes them. So a settings
 * change is seen at start: when this server starts with settings other than the ones last seen on this database,
 * it appends one admin record, {@code settings.change}, naming each changed setting with its old and new value
 * (only "set" or "changed" for those that hold credentials), before it takes calls.
 */
@Component
class SettingsChanges implements ApplicationListener<ApplicationReadyEvent> {

    static final String ACTION = "settings.change";
    private static final Logger log = LoggerFactory.getLogger(SettingsChanges.class);

    private final Environment environment;
    private final JdbcTemplate jdbc;
    private final CallRecorder recorder;

    SettingsChanges(Environment environment, JdbcTemplate jdbc, CallRecorder recorder) {
        this.environment = environment;
        this.jdbc = jdbc;
        this.recorder = recorder;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        Set<String> secret = FluxbaseSettings.secretSettings();
        // earlier servers kept the embeddings API key as written; such a value is forgotten at the first start
        jdbc.update("UPDATE fluxbase.settings_seen SET value_shown = NULL WHERE value_shown IS NOT NULL"
                + " AND name = ANY (?)", (Object) secret.toArray(String[]::new));
        Map<String, String[]> seen = new HashMap<>();
        jdbc.query("SELECT name, value_digest, value_shown FROM fluxbase.settings_seen", row -> {
            seen.put(row.getString(1), new String[] {row.getString(2), row.getString(3)});
        });
        List<String> changed = new ArrayList<>();
        List<String> details = new ArrayList<>();
        List<Object[]> nowSeen = new ArrayList<>();
        for (String name : FluxbaseSettings.names()) {
            String value = environment.getProperty("fluxbase." + name.replace('_', '-'), "");
            String digest = Digests.sha256(value);
            String[] before = seen.get(name);
            if (before != null && before[0].equals(digest)) {
                continue;
            }
            String shown = secret.contains(name) ? null : value;
            changed.add(name);
            details.add(before == null ? name + " = " + shownOr(shown, "(set)")
                    : name + ": " + shownOr(before[1], "(secret)") + " -> " + shownOr(shown, "(secret, changed)"));
            nowSeen.add(new Object[] {name, digest, shown});
        }
        if (changed.isEmpty()) {
            return;
        }
        String message = (seen.isEmpty() ? "first start on this database: " : "")
                + String.join("; ", details);
        CallRecord record = new CallRecord(Instant.now(), TimeOrderedIds.next(), AuditCategory.ADMIN, null,
                null, null, null, null, null, ACTION, String.join(", ", changed), null, null, CallOutcome.OK, null,
                message, 0, 0, 0, "fluxbase-server", null, null, ProcessHandle.current().pid() + "@" + CallerIsolation.hostName(), null);
        try {
            recorder.record(record).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // not marked as seen: the next start tries again
            log.error("the settings this server started with differ from the last ones seen, and the admin record"
                    + " saying so could not be written: {}", e.getMessage());
            return;
        }
        jdbc.batchUpdate("INSERT INTO fluxbase.settings_seen (name, value_digest, value_shown) VALUES (?, ?, ?)"
                + " ON CONFLICT (name) DO UPDATE SET value_digest = excluded.value_digest,"
                + " value_shown = excluded.value_shown, changed_at = now()", nowSeen);
    }

    private static String shownOr(@Nullable String value, String otherwise) {
        return value == null ? otherwise : "'" + value + "'";
    }
}
