package io.chat.manifests;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs an external program to completion and keeps what it printed. */
record Command(int exitCode, String out, String err) {

    static Command run(List<String> command) {
        File errors = null;
        try {
            errors = File.createTempFile("command", ".err");
            Process process = new ProcessBuilder(command).redirectError(errors).start();
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(command + " did not finish in 2 minutes");
            }
            return new Command(process.exitValue(), out, Files.readString(errors.toPath()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            if (errors != null) {
                errors.delete();
            }
        }
    }

    /** The output of a command that must succeed. */
    static String output(List<String> command) {
        Command result = run(command);
        if (result.exitCode != 0) {
            throw new IllegalStateException(command + " exited with " + result.exitCode + ": " + result.err);
        }
        return result.out;
    }
}
