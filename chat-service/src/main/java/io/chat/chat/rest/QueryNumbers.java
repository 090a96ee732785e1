package io.chat.chat.rest;

import java.util.regex.Pattern;

import io.chat.problem.ProblemException;

/** Query numbers are checked here so that a bad one is a 400 with the parameter named, not a 404. */
final class QueryNumbers {

    /** ASCII digits only: {@link Long#parseLong} also takes other scripts' digits (１, ٣) and a leading {@code +}. */
    private static final Pattern DIGITS = Pattern.compile("-?[0-9]{1,19}");

    private QueryNumbers() {
    }

    static long parse(String name, String value, long min, long max) {
        if (DIGITS.matcher(value).matches()) {
            try {
                long number = Long.parseLong(value);
                if (number >= min && number <= max) {
                    return number;
                }
            } catch (NumberFormatException e) {
                // over Long's range: reported below
            }
        }
        throw ProblemException.invalid(name, "must be a whole number from " + min + " to " + max);
    }
}
