package io.chat.user.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.chat.user.config.UserServiceConfig;
import io.quarkus.runtime.StartupEvent;

/** Sets up the admin account from configuration at start; no password configured, no admin (existing ones are demoted). */
@ApplicationScoped
public class AdminAccount {

    private static final Logger LOG = Logger.getLogger(AdminAccount.class);

    void onStart(@Observes StartupEvent event, UserService users, UserServiceConfig config) {
        config.admin().password().ifPresentOrElse(password -> {
            users.ensureAdmin(config.admin().username(), password);
            LOG.infof("Admin account '%s' is set up", config.admin().username());
        }, users::demoteAdmins);
    }
}
