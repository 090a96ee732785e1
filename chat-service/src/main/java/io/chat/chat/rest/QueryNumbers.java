package io.chat.chat.rest;

import io.chat.problem.ProblemException;

/** Query numbers are checked here so that a bad one is a 400 with the parameter named, not a 404. */
final class QueryNumbers {

    private QueryNumbers() {
    }

    static long parse(String name, String value, long min, long max) {
        try {
            long number = Long.parseLong(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ProblemException.badRequest("Query parameter '" + name + "' must be a whole number from " + min + " to " + max);
    }
}
