using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Multi.Operator.Tests.Support;
using Multi.Testing;

namespace Multi.Operator.Tests.Webhook;

/// <summary>
/// The embedded API server with the shipped CRDs and a manager process serving the webhook over HTTPS on loopback, with a
/// certificate made in-process (its Secret files in a temporary directory, checked every 200 ms), and a keep-alive client
/// that trusts only the test CA.
/// </summary>
internal sealed class WebhookHarness : IAsyncDisposable
{
    private readonly TempDir dir;

    private WebhookHarness(OperatorCluster op, OperatorProcess process, TempDir dir, TestTls tls, int port)
    {
        (Op, Process, this.dir, Tls, Port) = (op, process, dir, tls, port);
        Client = tls.Client(new Uri($"https://localhost:{port}"));
    }

    public OperatorCluster Op { get; }

    public OperatorProcess Process { get; }

    public TestTls Tls { get; private set; }

    public int Port { get; }

    public HttpClient Client { get; }

    public string CertDir => dir["certs"];

    public static Task<WebhookHarness> StartAsync(params string[] extraArgs) => StartAsync(OperatorProcess.Start, extraArgs);

    /// <summary>The same with the NativeAOT executable the image ships.</summary>
    public static Task<WebhookHarness> StartNativeAsync(string executable) => StartAsync(args => OperatorProcess.StartExecutable(executable, args), []);

    private static async Task<WebhookHarness> StartAsync(Func<string[], OperatorProcess> start, string[] extraArgs)
    {
        var op = await OperatorCluster.StartAsync(startManager: false);
        var dir = new TempDir();
        var tls = TestTls.Create();
        tls.WriteTo(dir["certs"]);
        var port = FreePort();
        var process = start(
        [
            "--Operator:Mode=manager", $"--Operator:Kubeconfig={Path.Combine(op.Cluster.Directory, "kubeconfig")}", "--Operator:LeaderElection=false",
            "--Operator:ProbeAddress=", "--Operator:Webhook:Enabled=true", "--Operator:Webhook:Address=127.0.0.1", $"--Operator:Webhook:Port={port}",
            $"--Operator:Webhook:CertDir={dir["certs"]}", "--Operator:Webhook:CertCheckInterval=00:00:00.2", .. extraArgs,
        ]);
        var harness = new WebhookHarness(op, process, dir, tls, port);
        await Eventually.TrueAsync(harness.ServesAsync, "the webhook to answer with synced caches", seconds: 60);
        return harness;
    }

    /// <summary>Replaces the Secret's files with a new certificate from a new CA.</summary>
    public TestTls Rotate()
    {
        var next = TestTls.Create("multi-webhook-rotated");
        next.WriteTo(CertDir);
        Tls = next;
        return next;
    }

    /// <summary>POSTs a v1 AdmissionReview around <paramref name="request"/> (a uid is added when missing).</summary>
    public async Task<(HttpStatusCode Status, JsonObject? Response, string Body)> ReviewAsync(string path, JsonObject request)
    {
        request["uid"] ??= Guid.NewGuid().ToString();
        var review = new JsonObject { ["apiVersion"] = "admission.k8s.io/v1", ["kind"] = "AdmissionReview", ["request"] = request };
        return await PostAsync(path, review.ToJsonString());
    }

    public async Task<(HttpStatusCode Status, JsonObject? Response, string Body)> PostAsync(string path, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var answer = await Client.PostAsync(path, content, TestContext.Current.CancellationToken);
        var text = await answer.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var response = answer.StatusCode == HttpStatusCode.OK ? JsonNode.Parse(text)!["response"]!.AsObject() : null;
        return (answer.StatusCode, response, text);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Process.DisposeAsync();
        await Op.DisposeAsync();
        Tls.Dispose();
        dir.Dispose();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task<bool> ServesAsync()
    {
        try
        {
            var (status, _, _) = await ReviewAsync("/validate", AdmissionRequests.Nad("default", "probe", """{"cniVersion":"1.0.0","type":"bridge"}"""));
            return status == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            Assert.False(Process.HasExited, "the manager exited: " + Process.Output);
            return false;
        }
    }
}
