package io.berth.engine.runtime;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Linux signal names and numbers (x86-64 / arm64 numbering), as `docker kill --signal`
 * accepts them: {@code TERM}, {@code SIGTERM}, {@code sigterm} or {@code 15}, and the
 * real-time range {@code RTMIN}, {@code RTMIN+3}, {@code RTMAX-1}.
 */
public final class Signals {
    public static final int SIGKILL = 9;
    public static final int SIGTERM = 15;

    private static final int RTMIN = 34;
    private static final int RTMAX = 64;

    private static final Map<String, Integer> BY_NAME = new TreeMap<>();

    static {
        String[] names = {null, "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL",
            "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP",
            "TSTP", "TTIN", "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR",
            "SYS"};
        for (int i = 1; i < names.length; i++) {
            BY_NAME.put(names[i], i);
        }
        BY_NAME.put("IOT", 6);
        BY_NAME.put("POLL", 29);
        BY_NAME.put("CLD", 17);
    }

    private Signals() {
    }

    /**
     * Parses a signal given by name (with or without the {@code SIG} prefix, any case) or
     * by number.
     *
     * @throws IllegalArgumentException naming the input when it is not a Linux signal
     */
    public static int parse(String signal) {
        if (signal == null || signal.isBlank()) {
            throw new IllegalArgumentException("signal is empty");
        }
        String s = signal.trim().toUpperCase(Locale.ROOT);
        if (s.chars().allMatch(Character::isDigit)) {
            int n;
            try {
                n = Integer.parseInt(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("unknown signal: " + signal);
            }
            if (n < 1 || n > RTMAX) {
                throw new IllegalArgumentException("unknown signal: " + signal + " (valid numbers are 1-" + RTMAX + ")");
            }
            return n;
        }
        if (s.startsWith("SIG")) {
            s = s.substring(3);
        }
        Integer known = BY_NAME.get(s);
        if (known != null) {
            return known;
        }
        Integer rt = realtime(s);
        if (rt != null) {
            return rt;
        }
        throw new IllegalArgumentException("unknown signal: " + signal);
    }

    private static Integer realtime(String s) {
        int base;
        String rest;
        if (s.startsWith("RTMIN")) {
            base = RTMIN;
            rest = s.substring(5);
        } else if (s.startsWith("RTMAX")) {
            base = RTMAX;
            rest = s.substring(5);
        } else {
            return null;
        }
        if (rest.isEmpty()) {
            return base;
        }
        if (!rest.matches("[+-][0-9]{1,2}")) {
            return null;
        }
        int n = base + Integer.parseInt(rest);
        return n >= RTMIN && n <= RTMAX ? n : null;
    }

    /** The conventional name of a signal number, e.g. {@code SIGTERM}, for messages and runc. */
    public static String name(int number) {
        for (Map.Entry<String, Integer> e : BY_NAME.entrySet()) {
            if (e.getValue() == number && !e.getKey().equals("IOT") && !e.getKey().equals("POLL")
                    && !e.getKey().equals("CLD")) {
                return "SIG" + e.getKey();
            }
        }
        if (number == RTMIN) {
            return "SIGRTMIN";
        }
        if (number > RTMIN && number <= RTMAX) {
            return "SIGRTMIN+" + (number - RTMIN);
        }
        throw new IllegalArgumentException("unknown signal number: " + number);
    }
}
