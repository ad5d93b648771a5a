import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;

/**
 * Temporal's time-skipping test server (io.temporal.testserver.TestServer) with its clock starting at a given
 * instant instead of now: the simulation replays 2018–2021, and time skipping only moves forward.
 * Usage: ShiftedTestServer <port>, with the start instant in epoch ms in TEMPORAL_TEST_SERVER_START_MS.
 */
public final class ShiftedTestServer {
  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    long startMs = Long.parseLong(System.getenv("TEMPORAL_TEST_SERVER_START_MS"));
    // true: time skipping starts locked, as the stock server without --enable-time-skipping; the SDK unlocks it.
    TestServicesStarter services = new TestServicesStarter(true, startMs);
    ServerBuilder<?> builder = Grpc.newServerBuilderForPort(port, InsecureServerCredentials.create());
    GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
    Server server = builder.build().start();
    server.awaitTermination();
  }
}
