package io.fluxbase.mcp.command.job;

import io.fluxbase.mcp.kernel.job.JobQueue.JobSignals;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * PostgreSQL LISTEN/NOTIFY on channel {@value #CHANNEL}: how a runner learns at once, on any node, that a job was
 * queued ({@code work}) or cancelled ({@code cancel:<id>}) instead of polling. The NOTIFY is sent inside the
 * transaction that changes the queue, so it arrives only if that commits. One connection of the pool is held for
 * listening, on a thread of its own; when it breaks, it is opened again and the runners are woken, since a
 * notification may have been missed meanwhile.
 */
@Component
class JobNotifications implements DisposableBean {

    static final String CHANNEL = "fluxbase_jobs";
    private static final Logger log = LoggerFactory.getLogger(JobNotifications.class);
    private static final int WAIT_MS = 1000;
    /** Sent by a node that stops, to wake its own listener at once; every node ignores it. */
    private static final String STOPPING = "stopping";

    private final DataSource dataSource;
    private final List<JobSignals> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean running = true;
    private Thread thread;

    JobNotifications(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    void notifyWork(JdbcTemplate jdbc) {
        jdbc.execute("NOTIFY " + CHANNEL + ", 'work'");
    }

    void notifyCancelled(JdbcTemplate jdbc, String jobId) {
        jdbc.queryForObject("SELECT pg_notify(?, ?)", Object.class, CHANNEL, "cancel:" + jobId);
    }

    synchronized void listen(JobSignals signals) {
        listeners.add(signals);
        if (thread == null) {
            thread = Thread.ofPlatform().name("job-notifications").daemon().start(this::run);
        }
    }

    private void run() {
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                listeners.forEach(JobSignals::workArrived);
                PGConnection postgres = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] arrived = postgres.getNotifications(WAIT_MS);
                    if (arrived != null) {
                        for (PGNotification notification : arrived) {
                            deliver(notification.getParameter());
                        }
                    }
                }
                try (Statement statement = connection.createStatement()) {
                    statement.execute("UNLISTEN *");
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    log.warn("listening for jobs failed ({}); listening again in a second", e.getMessage());
                    pause();
                }
            }
        }
    }

    private void deliver(String payload) {
        if (payload.equals(STOPPING)) {
            return;
        }
        if (payload.startsWith("cancel:")) {
            String jobId = payload.substring("cancel:".length());
            listeners.forEach(listener -> listener.cancelled(jobId));
        } else {
            listeners.forEach(JobSignals::workArrived);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void destroy() {
        running = false;
        Thread listening = thread;
        if (listening != null) {
            try (Connection connection = dataSource.getConnection();
                    Statement statement = connection.createStatement()) {
                statement.execute("NOTIFY " + CHANNEL + ", '" + STOPPING + "'");
            } catch (SQLException e) {
                log.debug("could not wake the job listener; it stops within {} ms", WAIT_MS, e);
            }
            try {
                listening.join(WAIT_MS * 3L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
