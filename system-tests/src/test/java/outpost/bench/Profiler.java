package outpost.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.text.ParseException;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/** Starts and stops a JFR recording (the "profile" settings: CPU samples every 10 ms, allocation samples). */
final class Profiler {
  private static Recording recording;
  private static Path file;

  private Profiler() {}

  static synchronized void start(Path to) {
    try {
      recording = new Recording(Configuration.getConfiguration("profile"));
      file = to;
      recording.start();
    } catch (IOException | ParseException e) {
      throw new IllegalStateException("cannot start JFR", e);
    }
  }

  static synchronized void stop() {
    if (recording == null) {
      return;
    }
    try {
      recording.stop();
      recording.dump(file);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write " + file, e);
    } finally {
      recording.close();
      recording = null;
    }
  }

  /** {@code jfr-start FILE} or {@code jfr-stop}, as sent to a child. */
  static void command(String[] cmd) {
    if (cmd[0].equals("jfr-start")) {
      start(Path.of(cmd[1]));
    } else {
      stop();
    }
  }
}
