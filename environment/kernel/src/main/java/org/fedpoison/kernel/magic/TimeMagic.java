package org.fedpoison.kernel.magic;

import org.fedpoison.kernel.execution.MagicException;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;

/**
 * {@code %time CODE} and {@code %%time}: runs the code and prints its wall time and the CPU time the kernel's
 * process used meanwhile (JJava's {@code %time}); the code's value stays the cell's result.
 */
final class TimeMagic implements Magic {

    private final MagicContext context;

    TimeMagic(MagicContext context) {
        this.context = context;
    }

    @Override
    public String name() {
        return "time";
    }

    /** The value is the value of the code it ran, shown as if that code were the cell. */
    @Override
    public boolean showsValue() {
        return true;
    }

    @Override
    public String usage() {
        return "%time CODE, %%time: run the code and print its wall and CPU time";
    }

    @Override
    public boolean isCell() {
        return true;
    }

    @Override
    public Object line(String invokedAs, List<String> args) {
        if (args.isEmpty()) {
            throw new MagicException(invokedAs + ": expected code to time, e.g. %time fib(30)");
        }
        return time(String.join(" ", args));
    }

    @Override
    public Object cell(String invokedAs, List<String> args, String body) {
        return time(body);
    }

    private Object time(String code) {
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        try {
            return context.run(code);
        } finally {
            long wall = System.nanoTime() - t0;
            long cpu = processCpuNanos() - cpu0;
            System.out.flush();
            System.out.println(cpu >= 0
                    ? String.format(Locale.ROOT, "CPU time (whole kernel process): %.3f s%nWall time: %.3f s", cpu / 1e9, wall / 1e9)
                    : String.format(Locale.ROOT, "Wall time: %.3f s", wall / 1e9));
        }
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }
}
