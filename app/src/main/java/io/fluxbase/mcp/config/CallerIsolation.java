package io.fluxbase.mcp.config;

import io.fluxbase.mcp.command.db.CaptureTriggers;
import io.fluxbase.mcp.command.db.LoginReset;
import io.fluxbase.mcp.command.db.SchemaOwnerLogin;
import io.fluxbase.mcp.kernel.audit.Digests;
import io.fluxbase.mcp.kernel.caller.CallerSettings;
import io.fluxbase.mcp.kernel.caller.LogGateKey;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationInitializer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What DESIGN §4 needs in place before a caller's first statement, done at start as the server's own login:
 * <ul>
 *   <li>the caller logins (V12__caller_isolation.sql made them) can log in, with passwords the first node made and
 *       every node reads from the database, set again ({@link LoginReset}) at each start and whenever a new
 *       connection finds them changed: a caller's function can change its own login's password or defaults, and
 *       must not make that stick;</li>
 *   <li>this node's gate key is registered, and removed when the node stops;</li>
 *   <li>every user table carries the change-capture triggers.</li>
 * </ul>
 */
@Component
class CallerIsolation implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(CallerIsolation.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    // Taken by every node while it sets the logins up: concurrent ALTER ROLE of one role fails otherwise.
    private static final long SETUP_LOCK = 0x666c7578_62617365L;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final Map<String, String> passwords = new HashMap<>();
    private final LogGateKey gateKey = new LogGateKey(secret());
    private String schemaOwnerPassword = "";

    CallerIsolation(JdbcTemplate jdbc, TransactionTemplate transaction, CaptureTriggers triggers,
            FlywayMigrationInitializer migrated) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        underSetupLock(() -> {
            for (String role : CallerSettings.ROLES) {
                passwords.put(role, ensureLogin(role));
            }
            schemaOwnerPassword = ensureSchemaOwnerLogin();
        });
        jdbc.update("INSERT INTO fluxbase.gate_keys (key_digest, node) VALUES (?, ?)", Digests.sha256(gateKey.value()),
                ProcessHandle.current().pid() + "@" + hostName());
        int captured = triggers.captureAll();
        if (captured > 0) {
            log.info("{} user tables got their change-capture triggers", captured);
        }
    }

    private String ensureLogin(String role) {
        String login = CallerSettings.loginFor(role);
        jdbc.update("INSERT INTO fluxbase.caller_logins (login, key_role, password) VALUES (?, ?, ?)"
                + " ON CONFLICT (login) DO NOTHING", login, role, secret());
        String password = jdbc.queryForObject("SELECT password FROM fluxbase.caller_logins WHERE login = ?",
                String.class, login);
        return setLogin(login, password);
    }

    private String setLogin(String login, String password) {
        LoginReset.setBack(jdbc, login, ScramVerifier.of(password));
        return password;
    }

    /**
     * Sets a caller login's password and defaults back, when a new connection found them changed (see
     * {@link CallerLoginCheck}): a function that does {@code RESET ROLE} runs as the login, and PostgreSQL lets a role
     * change both for itself.
     */
    void setBack(String role) {
        String login = CallerSettings.loginFor(role);
        log.warn("the caller login {} had a password or settings this server did not give it (SQL run in a call can"
                + " change them); set back", login);
        underSetupLock(() -> setLogin(login, password(role)));
    }

    private void underSetupLock(Runnable work) {
        transaction.executeWithoutResult(status -> {
            jdbc.queryForList("SELECT pg_advisory_xact_lock(?)", SETUP_LOCK);
            work.run();
        });
    }

    /** The login db apply runs as; like the caller logins, its password is set again at every start. */
    private String ensureSchemaOwnerLogin() {
        String login = SchemaOwnerLogin.ROLE;
        jdbc.update("INSERT INTO fluxbase.schema_owner_login (login, password) VALUES (?, ?)"
                + " ON CONFLICT (login) DO NOTHING", login, secret());
        String password = jdbc.queryForObject("SELECT password FROM fluxbase.schema_owner_login WHERE login = ?",
                String.class, login);
        return setLogin(login, password);
    }

    SchemaOwnerLogin schemaOwnerLogin(String jdbcUrl) {
        return new SchemaOwnerLogin(jdbcUrl, SchemaOwnerLogin.ROLE, schemaOwnerPassword,
                ScramVerifier.of(schemaOwnerPassword));
    }

    String login(String role) {
        return CallerSettings.loginFor(role);
    }

    String password(String role) {
        String password = passwords.get(role);
        if (password == null) {
            throw new IllegalArgumentException("unknown database role '" + role + "'");
        }
        return password;
    }

    LogGateKey gateKey() {
        return gateKey;
    }

    @Override
    public void destroy() {
        try {
            jdbc.update("DELETE FROM fluxbase.gate_keys WHERE key_digest = ?", Digests.sha256(gateKey.value()));
        } catch (RuntimeException e) {
            log.warn("could not remove this node's gate key; it stays registered but unknown to anyone: {}",
                    e.getMessage());
        }
    }

    private static String secret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "unknown-host";
        }
    }
}
