using Multi.Cli.Tests.Support;
using Multi.Sandbox.Host;

namespace Multi.Cli.Tests;

public sealed class ValidateCommandTests : IDisposable
{
    private const string ValidNad = """
        {"apiVersion":"k8s.cni.cncf.io/v1","kind":"NetworkAttachmentDefinition","metadata":{"name":"ok","namespace":"apps"},
         "spec":{"config":"{\"cniVersion\":\"1.0.0\",\"name\":\"ok\",\"type\":\"bridge\",\"bridge\":\"br0\",\"ipam\":{\"type\":\"host-local\",\"subnet\":\"10.5.0.0/24\"}}"}}
        """;

    private const string Invalid = """
        apiVersion: k8s.cni.cncf.io/v1
        kind: NetworkAttachmentDefinition
        metadata:
          name: broken
          namespace: apps
        spec:
          config: '{"cniVersion":"1.0.0","name":"broken","type":"macvlan","ipam":{"type":"multi-ipam"}}'
        ---
        apiVersion: multi.dev/v1alpha1
        kind: IPPool
        metadata:
          name: hosty
        spec:
          cidr: 10.1.0.5/24
        ---
        apiVersion: multi.dev/v1alpha1
        kind: ClusterNetwork
        metadata:
          name: tiny-mtu
        spec:
          type: macvlan
          master: eth1
          mtu: 20
          namespaces: [default]
        """;

    private readonly string directory = Directory.CreateTempSubdirectory("multictl-validate-").FullName;

    [Fact]
    public async Task Validate_ValidFilesOfAllThreeKinds_Exit0()
    {
        var samples = Path.Combine(RepoLayout.Root, "config", "samples", "10-networks.yaml");
        var nad = Write("nad.json", ValidNad);

        var run = await Multictl.RunAsync(["validate", samples, nad]);
        var json = await Multictl.RunAsync(["validate", samples, nad, "-o", "json"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Matches(@"^\d+ documents valid\.$", run.Stdout.Trim());
        Assert.Contains("kind: IPPool", await File.ReadAllTextAsync(samples, TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(0, json.ExitCode);
        Assert.Empty(json.Json["problems"]!.AsArray());
    }

    [Fact]
    public async Task Validate_InvalidDocumentsOfAllThreeKinds_OneLinePerProblemExit3()
    {
        var file = Write("bad.yaml", Invalid);

        var run = await Multictl.RunAsync(["validate", file]);
        var json = await Multictl.RunAsync(["validate", file, "-o", "json"]);

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Equal(
            [
                $"{file}:doc 1: NetworkAttachmentDefinition/broken: config.ipam.pool: multi-ipam needs pool (or pools)",
                $"{file}:doc 2: IPPool/hosty: spec.cidr: cidr \"10.1.0.5/24\" has host bits set; did you mean 10.1.0.0/24?",
                $"{file}:doc 3: ClusterNetwork/tiny-mtu: spec.mtu: mtu 20 is outside 68–65535",
            ],
            run.Stdout.Trim().Split('\n'));
        Assert.Equal(3, json.ExitCode);
        Assert.Equal(["config.ipam.pool", "spec.cidr", "spec.mtu"], json.Json["problems"]!.AsArray().Select(p => (string?)p!["path"]));
    }

    [Fact]
    public async Task Validate_UnknownKindOrUnreadableFile_NamedExit2()
    {
        var other = Write("other.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n");
        var missing = Path.Combine(directory, "missing.yaml");
        var garbage = Write("garbage.yaml", "a: [1, 2\nb: {");

        var run = await Multictl.RunAsync(["validate", other, missing, garbage]);

        Assert.Equal(2, run.ExitCode);
        var lines = run.Stderr.Trim().Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.StartsWith($"multictl: {other}:doc 1: unknown kind \"ConfigMap\" (cm)", lines[0], StringComparison.Ordinal);
        Assert.StartsWith($"multictl: {missing}: cannot read:", lines[1], StringComparison.Ordinal);
        Assert.StartsWith($"multictl: {garbage}: cannot read:", lines[2], StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, text);
        return path;
    }
}
