using System.Text;
using System.Text.Json.Nodes;
using Multi.Sandbox.Host;

namespace Multi.MetaPlugin.Tests.Integration;

/// <summary>The published binary's protocol surface: exit status and exactly one JSON object on stdout.</summary>
public sealed class BinaryProtocolTests
{
    private static async Task<CommandResult> RunAsync(string stdin, params (string Name, string? Value)[] variables)
    {
        var env = variables.ToDictionary(v => v.Name, v => v.Value);
        foreach (var name in new[] { "CNI_COMMAND", "CNI_CONTAINERID", "CNI_NETNS", "CNI_IFNAME", "CNI_ARGS", "CNI_PATH" })
        {
            env.TryAdd(name, null);
        }

        return await HostCommand.RunAsync(RepoLayout.RequireMultiBinary(), [], Encoding.UTF8.GetBytes(stdin), env);
    }

    [Fact]
    public async Task Version_PrintsEverySupportedVersion()
    {
        var result = await RunAsync("""{"cniVersion":"0.4.0"}""", ("CNI_COMMAND", "VERSION"));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("""{"cniVersion":"0.4.0","supportedVersions":["0.1.0","0.2.0","0.3.0","0.3.1","0.4.0","1.0.0","1.1.0"]}""", result.Stdout);
    }

    [Theory]
    [InlineData("{", "ADD", 6u)]
    [InlineData("""{"cniVersion":"1.0.0","name":"n","delegates":[{"type":"bridge"}]}""", null, 4u)]
    [InlineData("""{"cniVersion":"1.0.0","name":"n","delegates":[{"type":"bridge"}]}""", "FROB", 4u)]
    [InlineData("""{"cniVersion":"7.0.0","name":"n","delegates":[{"type":"bridge"}]}""", "ADD", 1u)]
    [InlineData("""{"cniVersion":"1.0.0","delegates":[{"type":"bridge"}]}""", "ADD", 7u)]
    [InlineData("""{"cniVersion":"1.0.0","name":"n"}""", "ADD", 7u)]
    public async Task BadRequest_ExitsOneWithOneErrorObject(string stdin, string? command, uint code)
    {
        var result = await RunAsync(stdin, ("CNI_COMMAND", command), ("CNI_CONTAINERID", "c1"), ("CNI_NETNS", "/var/run/netns/x"), ("CNI_IFNAME", "eth0"));

        Assert.Equal(1, result.ExitCode);
        var error = Assert.IsType<JsonObject>(JsonNode.Parse(result.Stdout));
        Assert.Equal(code, error["code"]!.GetValue<uint>());
        Assert.False(string.IsNullOrWhiteSpace(error["msg"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Add_MissingDelegateBinary_Fails100NamingTheSearchedDirectories()
    {
        var stdin = $$"""{"cniVersion":"1.0.0","name":"n","binDir":"/nonexistent-bin","cniDir":"{{Path.GetTempPath()}}multi-bp-{{Guid.NewGuid():N}}","delegates":[{"type":"no-such-plugin"}]}""";

        var result = await RunAsync(stdin, ("CNI_COMMAND", "ADD"), ("CNI_CONTAINERID", "c1"), ("CNI_NETNS", "/var/run/netns/x"), ("CNI_IFNAME", "eth0"), ("CNI_PATH", "/nonexistent-path"));

        var error = JsonNode.Parse(result.Stdout)!;
        Assert.Equal(100u, error["code"]!.GetValue<uint>());
        Assert.Contains("\"no-such-plugin\"", error["msg"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("/nonexistent-path /nonexistent-bin", error["msg"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
