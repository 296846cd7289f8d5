package outpost.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;

/**
 * Samples the heap every 10 ms on a daemon thread: the highest heap in use, and the highest live set
 * (the heap in use right after a collection, summed over the heap pools), which is what a heap cap must
 * hold.
 */
final class HeapWatch implements AutoCloseable {
  private final Thread thread;
  private volatile boolean running = true;
  private volatile long peakUsed;
  private volatile long peakAfterGc;

  HeapWatch() {
    thread = new Thread(this::loop, "heap-watch");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    var memory = ManagementFactory.getMemoryMXBean();
    var pools = ManagementFactory.getMemoryPoolMXBeans();
    while (running) {
      sample(memory.getHeapMemoryUsage().getUsed(), pools);
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void sample(long used, java.util.List<MemoryPoolMXBean> pools) {
    peakUsed = Math.max(peakUsed, used);
    long afterGc = 0;
    for (MemoryPoolMXBean pool : pools) {
      if (pool.getType() == MemoryType.HEAP) {
        MemoryUsage u = pool.getCollectionUsage();
        afterGc += u == null ? 0 : u.getUsed();
      }
    }
    peakAfterGc = Math.max(peakAfterGc, afterGc);
  }

  /** Highest heap in use seen, in MiB. */
  double peakUsedMib() {
    sample(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
        ManagementFactory.getMemoryPoolMXBeans());
    return peakUsed / 1048576.0;
  }

  /** Highest heap in use right after a collection, in MiB. */
  double peakLiveMib() {
    return peakAfterGc / 1048576.0;
  }

  static double maxHeapMib() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax() / 1048576.0;
  }

  /** CPU time this JVM has used so far, in ms (all threads): a figure that other load on the machine barely moves. */
  static double cpuMillis() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() / 1e6 : Double.NaN;
  }

  /** Total collection time so far, in ms. */
  static long gcMillis() {
    long total = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      total += Math.max(0, gc.getCollectionTime());
    }
    return total;
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
