using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using Microsoft.Extensions.Time.Testing;
using Multi.Cni;
using Multi.Cni.Tests.Support;
using Multi.Core.Cni;
using Multi.Testing;

namespace Multi.Cni.Tests.Verbs;

/// <summary>Every bad request ends in exactly one CNI error object on stdout and exit status 1.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    public static TheoryData<string, string?, string, uint, string> Cases => new()
    {
        { "missing command", null, """{"cniVersion":"1.0.0","name":"n","delegates":[{"type":"x"}]}""", 4, "CNI_COMMAND" },
        { "lower-case command", "add", """{"cniVersion":"1.0.0","name":"n","delegates":[{"type":"x"}]}""", 4, "\"add\"" },
        { "unknown command, invalid JSON", "FROB", "{", 6, "not valid JSON" },
        { "invalid JSON", "ADD", "{\"cniVersion\":", 6, "not valid JSON" },
        { "not an object", "ADD", "[1,2]", 6, "JSON object" },
        { "no name", "ADD", """{"cniVersion":"1.0.0","delegates":[{"type":"x"}]}""", 7, "\"name\"" },
        { "unsupported version", "ADD", """{"cniVersion":"9.9.9","name":"n","delegates":[{"type":"x"}]}""", 1, "9.9.9" },
        { "no delegates nor clusterNetwork", "ADD", """{"cniVersion":"1.0.0","name":"n"}""", 7, "clusterNetwork" },
        { "delegate without type or plugins", "ADD", """{"cniVersion":"1.0.0","name":"n","delegates":[{"name":"d"}]}""", 7, "neither \"type\" nor \"plugins\"" },
        { "delegate with empty plugins", "ADD", """{"cniVersion":"1.0.0","name":"n","delegates":[{"name":"d","plugins":[]}]}""", 7, "non-empty" },
        { "delegates of the wrong type", "ADD", """{"cniVersion":"1.0.0","name":"n","delegates":{"type":"x"}}""", 7, "\"delegates\"" },
        { "CHECK at 0.3.1", "CHECK", """{"cniVersion":"0.3.1","name":"n","delegates":[{"type":"x"}]}""", 1, "CHECK" },
        { "GC at 1.0.0", "GC", """{"cniVersion":"1.0.0","name":"n","delegates":[{"type":"x"}]}""", 1, "GC" },
        { "missing clusterNetwork file", "ADD", """{"cniVersion":"1.0.0","name":"n","clusterNetwork":"/nonexistent/net.conf"}""", 7, "/nonexistent/net.conf" },
        { "clusterNetwork name not in confDir", "ADD", """{"cniVersion":"1.0.0","name":"n","clusterNetwork":"absent","confDir":"/nonexistent-dir"}""", 7, "absent" },
        { "timeout of the wrong type", "ADD", """{"cniVersion":"1.0.0","name":"n","delegateTimeoutSeconds":"soon","delegates":[{"type":"x"}]}""", 7, "delegateTimeoutSeconds" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Run_BadRequest_PrintsOneErrorObjectNamingTheProblem(string why, string? command, string stdin, uint code, string mentions)
    {
        var fake = new FakePluginExecutor();
        var env = new CniEnvironment(command, "c1", "/var/run/netns/p", "eth0", null, "/opt/cni/bin");
        var dispatcher = new Dispatcher(fake, new FakeInterfaceProbe(), new FakeRouteEditor(), null, new FakeTimeProvider(), TextWriter.Null);

        var outcome = await dispatcher.RunAsync(env, Encoding.UTF8.GetBytes(stdin.Replace("\"name\":\"n\"", $"\"name\":\"n\",\"cniDir\":\"{dir.Path}\"", StringComparison.Ordinal)), TestContext.Current.CancellationToken);

        Assert.Equal(1, outcome.ExitCode);
        var error = JsonNode.Parse(outcome.Stdout)!.AsObject();
        Assert.Equal(code, error["code"]!.GetValue<uint>());
        Assert.Contains(mentions, error["msg"]!.GetValue<string>() + error["details"]?.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotNull(error["cniVersion"]);
        Assert.Empty(fake.Calls);
        Assert.False(string.IsNullOrEmpty(why));
    }

    [Fact]
    public async Task Run_UnreadableConfDir_FailsWith5NamingTheDirectory()
    {
        var confDir = dir["conf"];
        Directory.CreateDirectory(confDir);
        File.WriteAllText(Path.Combine(confDir, "a.conf"), "{}");
        File.SetUnixFileMode(confDir, UnixFileMode.None);
        var stdin = $$"""{"cniVersion":"1.0.0","name":"n","clusterNetwork":"cluster","confDir":"{{confDir}}","cniDir":"{{dir.Path}}"}""";
        var dispatcher = new Dispatcher(new FakePluginExecutor(), new FakeInterfaceProbe(), new FakeRouteEditor(), null, new FakeTimeProvider(), TextWriter.Null);
        try
        {
            var outcome = await dispatcher.RunAsync(new CniEnvironment("ADD", "c1", "/p", "eth0", null, null), Encoding.UTF8.GetBytes(stdin), TestContext.Current.CancellationToken);

            var error = JsonNode.Parse(outcome.Stdout)!.AsObject();
            // root reads any directory: then the (empty) file is found but has no name, so the network is absent.
            Assert.Contains(error["code"]!.GetValue<uint>(), new uint[] { 5, 7 });
            Assert.Contains(confDir, error["msg"]!.GetValue<string>(), StringComparison.Ordinal);
        }
        finally
        {
            File.SetUnixFileMode(confDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Fact]
    public void Run_RandomEnvironmentAndStdin_NeverThrowsAndAlwaysPrintsOneJsonObject()
    {
        var commands = Gen.OneOf<string?>(null, "", "ADD", "DEL", "CHECK", "VERSION", "STATUS", "GC", "add", "FROB");
        var text = Gen.OneOf(Gen.String.Select(s => (string?)s), Gen.OneOf<string?>(null, "c1", "eth0", "/var/run/netns/x", "a/b", "..", "K=V;X"));
        var fragments = Gen.OneOf(
            "{", "}", "[", "]", ",", ":", "\"cniVersion\"", "\"1.0.0\"", "\"1.1.0\"", "\"0.3.1\"", "\"name\"", "\"n\"", "\"delegates\"",
            "\"type\"", "\"plugins\"", "\"prevResult\"", "\"cni.dev/valid-attachments\"", "\"clusterNetwork\"", "null", "true", "1", "-3.5e9", "\"\\u0000\"");
        var json = Gen.OneOf(
            Gen.Byte.Array[0, 64].Select(b => b),
            fragments.Array[0, 40].Select(f => Encoding.UTF8.GetBytes(string.Concat(f))),
            Gen.Const(Encoding.UTF8.GetBytes($$"""{"cniVersion":"1.1.0","name":"n","cniDir":"{{dir.Path}}","delegates":[{"type":"bridge"}]}""")));

        Gen.Select(commands, text, text, text, json).Sample(
            (command, id, netns, ifName, stdin) =>
            {
                var dispatcher = new Dispatcher(new FakePluginExecutor(), new FakeInterfaceProbe(), new FakeRouteEditor(), null, new FakeTimeProvider(), TextWriter.Null);
                var outcome = dispatcher.RunAsync(new CniEnvironment(command, id, netns, ifName, null, "/opt/cni/bin"), stdin).GetAwaiter().GetResult();
                if (outcome.ExitCode != 0)
                {
                    var error = JsonNode.Parse(outcome.Stdout)!.AsObject();
                    return error["code"]!.GetValue<uint>() is > 0 and (< 12 or (>= 100 and < 140) or 999) && error["msg"] is not null;
                }

                return outcome.Stdout.Length == 0 || JsonNode.Parse(outcome.Stdout) is JsonObject;
            },
            iter: 3000,
            threads: 1); // one thread: parallel ADDs of one container would wait for the entry lock on a clock that never moves

    }

    [Fact]
    public async Task Version_EchoesStdinVersionAndListsEverySupportedVersion()
    {
        var dispatcher = new Dispatcher(new FakePluginExecutor(), new FakeInterfaceProbe(), new FakeRouteEditor(), null, new FakeTimeProvider(), TextWriter.Null);

        var outcome = await dispatcher.RunAsync(new CniEnvironment("VERSION", null, null, null, null, null), Encoding.UTF8.GetBytes("""{"cniVersion":"0.4.0"}"""), TestContext.Current.CancellationToken);
        var garbage = await dispatcher.RunAsync(new CniEnvironment("VERSION", null, null, null, null, null), Encoding.UTF8.GetBytes("garbage"), TestContext.Current.CancellationToken);

        Assert.Equal("""{"cniVersion":"0.4.0","supportedVersions":["0.1.0","0.2.0","0.3.0","0.3.1","0.4.0","1.0.0","1.1.0"]}""", outcome.Stdout);
        Assert.Equal(0, garbage.ExitCode);
        Assert.StartsWith("""{"cniVersion":"1.1.0",""", garbage.Stdout, StringComparison.Ordinal);
    }
}
