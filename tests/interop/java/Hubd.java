// The real hubd binary in a temporary data directory on 127.0.0.1:0, for
// the Java interop suite (HubInteropTest), and hubctl against it.
package cn.reformhub.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

final class Hubd {
  final Process process;
  final Path dir;
  final int port;

  private Hubd(Process process, Path dir, int port) {
    this.process = process;
    this.dir = dir;
    this.port = port;
  }

  static Hubd start(String binary, Path dir) throws Exception {
    Path portFile = dir.resolve("hubd.port");
    Process p =
        new ProcessBuilder(
                binary,
                "--data_dir=" + dir.resolve("db"),
                "--listen=127.0.0.1:0",
                "--port_file=" + portFile,
                "--insecure_demo_auth")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("hubd.log").toFile())
            .start();
    for (int i = 0; i < 200; ++i) {
      if (Files.exists(portFile)) {
        String text = new String(Files.readAllBytes(portFile), StandardCharsets.UTF_8).trim();
        return new Hubd(p, dir, Integer.parseInt(text));
      }
      if (!p.isAlive()) break;
      Thread.sleep(50);
    }
    p.destroyForcibly();
    throw new IOException("hubd did not start: " + new Hubd(p, dir, 0).log());
  }

  void hubctl(String binary, String principal, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(binary);
    command.add("--addr=127.0.0.1:" + port);
    command.add("--as=" + principal);
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) throw new IOException(String.join(" ", command) + ":\n" + out);
  }

  // SIGTERM, and hubd's exit status.
  int stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return -1;
    }
    return process.exitValue();
  }

  String log() {
    try {
      return new String(Files.readAllBytes(dir.resolve("hubd.log")), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }
}
