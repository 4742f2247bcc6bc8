using k8s;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;
using Multi.Cni.Pods;
using Multi.Core.Cni;
using Multi.Operator.NodeAgent.CniServer.Kube;
using Multi.Sandbox.ApiServer;

namespace Multi.Operator.Tests.CniServer.Kube;

/// <summary>
/// The daemon with a kubeconfig whose user has a <c>tokenFile</c>, against a server that answers 401 unless the request carries
/// the current token: rewriting the file (as the kubelet rotates a projected token) keeps both clients working.
/// </summary>
public sealed class NodeApiTokenRotationTests
{
    [Fact]
    public async Task StatusPatch_AfterTheTokenFileIsRewritten_Succeeds()
    {
        var gate = new TokenGate("one");
        await using var world = await NodeApiWorld.StartAsync(new EmbeddedApiServerOptions { Faults = gate.Check });
        await world.PodAsync("web");
        var kubeconfig = gate.WriteKubeconfig(world, "one");
        var access = await world.StartAccessAsync(kubeconfig);
        var api = access.Factory.Create("/ignored", CniCommand.Add);
        var pods = new PodApi(api);
        var pod = await pods.ReadPodAsync("apps", "web", NodeApiWorld.Ct);
        var mark = world.Mark();

        gate.Rotate(world, "two");
        await pods.WriteNetworkStatusAsync(pod, "[]", NodeApiWorld.Ct);

        var stored = await world.Client.CoreV1.ReadNamespacedPodAsync("web", "apps", cancellationToken: NodeApiWorld.Ct);
        Assert.Equal("[]", stored.Metadata.Annotations["k8s.v1.cni.cncf.io/network-status"]);
        Assert.Equal("Bearer two", world.RequestsSince(mark).Last(r => r.Method == "PATCH").Authorization);
        Assert.Null(access.NotReady);
    }

    [Fact]
    public async Task InformerClient_AfterTheTokenFileIsRewritten_SendsTheNewToken()
    {
        var gate = new TokenGate("one");
        await using var world = await NodeApiWorld.StartAsync(new EmbeddedApiServerOptions { Faults = gate.Check });
        var kubeconfig = gate.WriteKubeconfig(world, "one");
        var clock = new FakeTimeProvider();
        using var connection = NodeKubeConnection.Create(kubeconfig, clock);
        await connection.Client.CoreV1.ReadNamespaceAsync("apps", cancellationToken: NodeApiWorld.Ct);

        gate.Rotate(world, "two");
        clock.Advance(TimeSpan.FromSeconds(1));
        V1Namespace read = await connection.Client.CoreV1.ReadNamespaceAsync("apps", cancellationToken: NodeApiWorld.Ct);

        Assert.Equal("apps", read.Metadata.Name);
        Assert.Equal("token file " + Path.Combine(world.Cluster.Directory, "daemon-token"), connection.Credentials);
    }

    /// <summary>The server's check: the test's own client (token "sandbox") always passes; the daemon needs the current token.</summary>
    private sealed class TokenGate(string current)
    {
        private volatile string current = current;

        public ApiFault? Check(ApiRequestInfo request) =>
            request.Authorization == "Bearer sandbox" || request.Authorization == "Bearer " + current ? null : ApiFault.Status(401, "Unauthorized", "Unauthorized");

        public string WriteKubeconfig(NodeApiWorld world, string token)
        {
            File.WriteAllText(Path.Combine(world.Cluster.Directory, "daemon-token"), token + "\n");
            var path = Path.Combine(world.Cluster.Directory, "daemon.kubeconfig");
            File.WriteAllText(path, $"""
                apiVersion: v1
                kind: Config
                clusters:
                - name: k
                  cluster:
                    server: {world.Server.BaseAddress!.GetLeftPart(UriPartial.Authority)}
                users:
                - name: daemon
                  user:
                    tokenFile: daemon-token
                contexts:
                - name: c
                  context:
                    cluster: k
                    user: daemon
                current-context: c

                """);
            return path;
        }

        /// <summary>Rewrites the token file (a later modification time) and makes the server accept only the new token.</summary>
        public void Rotate(NodeApiWorld world, string token)
        {
            var file = Path.Combine(world.Cluster.Directory, "daemon-token");
            var previous = File.GetLastWriteTimeUtc(file);
            File.WriteAllText(file, token + "\n");
            File.SetLastWriteTimeUtc(file, previous.AddSeconds(10));
            current = token;
        }
    }
}
