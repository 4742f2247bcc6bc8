using Multi.Sandbox.Host;
using Multi.Testing;

namespace Multi.Sandbox.Tests.ApiServer;

/// <summary>Runs kubectl against a test cluster through the kubeconfig it writes, with a discovery cache of its own.</summary>
internal static class Kubectl
{
    public static readonly string? Path = new[] { "/usr/bin/kubectl", "/usr/local/bin/kubectl" }.FirstOrDefault(File.Exists);

    public const string Missing = "kubectl is not on PATH: scripts/test.sh installs it (Debian package kubernetes-client) when the machine lacks it";

    public static Task<CommandResult> RunAsync(TestCluster cluster, params string[] args) =>
        HostCommand.RunAsync(
            Path ?? throw new InvalidOperationException(Missing),
            [.. args, "--cache-dir", System.IO.Path.Combine(cluster.Directory, "kube-cache")],
            environment: new Dictionary<string, string?> { ["KUBECONFIG"] = System.IO.Path.Combine(cluster.Directory, "kubeconfig") },
            timeout: TimeSpan.FromSeconds(30),
            cancellationToken: TestContext.Current.CancellationToken);

    /// <summary>Runs kubectl and fails the test, showing stderr, unless it succeeds; returns stdout.</summary>
    public static async Task<string> OutputAsync(TestCluster cluster, params string[] args)
    {
        var result = await RunAsync(cluster, args);
        Assert.True(result.Succeeded, $"kubectl {string.Join(' ', args)} failed: {result.Stderr}");
        return result.Stdout;
    }

    /// <summary>The whitespace-separated cells of each output line (kubectl's table output).</summary>
    public static string[][] Rows(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToArray();
}
