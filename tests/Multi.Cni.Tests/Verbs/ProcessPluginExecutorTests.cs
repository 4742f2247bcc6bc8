using System.Text;
using Multi.Cni.Delegation;
using Multi.Core.Cni;
using Multi.Testing;

namespace Multi.Cni.Tests.Verbs;

/// <summary>The real executor against small script plugins.</summary>
public sealed class ProcessPluginExecutorTests : IDisposable
{
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    private string Script(string name, string body)
    {
        var path = dir[name];
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    private PluginCall Call(string type, TimeSpan? timeout = null, Dictionary<string, string?>? variables = null) =>
        new(type, CniCommand.Add, variables ?? new Dictionary<string, string?> { ["CNI_COMMAND"] = "ADD", ["CNI_IFNAME"] = "net1" }, Encoding.UTF8.GetBytes("""{"x":1}"""), ["/nonexistent", dir.Path], timeout ?? TimeSpan.FromSeconds(10), "network \"t\" (net1)");

    [Fact]
    public async Task Execute_PassesVariablesAndStdinAndCapturesOutput()
    {
        Script("echoer", "echo \"$CNI_COMMAND $CNI_IFNAME $(cat)\"; echo oops >&2; exit 3");

        var output = await new ProcessPluginExecutor(TimeProvider.System).ExecuteAsync(Call("echoer"), TestContext.Current.CancellationToken);

        Assert.Equal(3, output.ExitCode);
        Assert.Equal("ADD net1 {\"x\":1}\n", Encoding.UTF8.GetString(output.Stdout));
        Assert.Equal("oops\n", output.Stderr);
    }

    [Fact]
    public async Task Execute_NullVariable_RemovesTheInheritedOne()
    {
        Script("env-reader", "echo \"[${HOME-unset}]\"");

        var output = await new ProcessPluginExecutor(TimeProvider.System).ExecuteAsync(Call("env-reader", variables: new() { ["HOME"] = null }), TestContext.Current.CancellationToken);

        Assert.Equal("[unset]\n", Encoding.UTF8.GetString(output.Stdout));
    }

    [Fact]
    public async Task Execute_MissingPlugin_Fails100NamingTypeAndDirectories()
    {
        var ex = await Assert.ThrowsAsync<CniException>(() => new ProcessPluginExecutor(TimeProvider.System).ExecuteAsync(Call("absent"), TestContext.Current.CancellationToken));

        Assert.Equal(CniErrorCode.DelegateNotFound, ex.Error.Code);
        Assert.Contains("\"absent\"", ex.Error.Msg, StringComparison.Ordinal);
        Assert.Contains($"/nonexistent {dir.Path}", ex.Error.Msg, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_NonExecutableFile_IsNotAMatch()
    {
        File.WriteAllText(dir["plain"], "not a program");

        var ex = await Assert.ThrowsAsync<CniException>(() => new ProcessPluginExecutor(TimeProvider.System).ExecuteAsync(Call("plain"), TestContext.Current.CancellationToken));

        Assert.Equal(CniErrorCode.DelegateNotFound, ex.Error.Code);
    }

    [Fact]
    public async Task Execute_Hangs_IsKilledAtTheTimeoutWith101()
    {
        var marker = dir["child-alive"];
        Script("hanger", $"(sleep 30; touch {marker}) & sleep 30");
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var ex = await Assert.ThrowsAsync<CniException>(() => new ProcessPluginExecutor(TimeProvider.System).ExecuteAsync(Call("hanger", TimeSpan.FromMilliseconds(300)), TestContext.Current.CancellationToken));

        Assert.Equal(CniErrorCode.DelegateFailed, ex.Error.Code);
        Assert.Contains("timed out", ex.Error.Msg, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public void ParseError_CoversErrorObjectStderrAndGarbage()
    {
        var withObject = DelegateRunner.ParseError("bridge", CniCommand.Add, new PluginOutput(1, Encoding.UTF8.GetBytes("""{"code":11,"msg":"later","details":"d"}"""), ""));
        var withStderr = DelegateRunner.ParseError("bridge", CniCommand.Add, new PluginOutput(2, [], "segfault\n"));
        var withGarbage = DelegateRunner.ParseError("bridge", CniCommand.Add, new PluginOutput(1, Encoding.UTF8.GetBytes("panic: oh no"), ""));

        Assert.Equal(new CniError(11, "later", "d"), withObject);
        Assert.Equal(CniErrorCode.DelegateFailed, withStderr.Code);
        Assert.Contains("segfault", withStderr.Msg, StringComparison.Ordinal);
        Assert.Equal(CniErrorCode.DelegateFailed, withGarbage.Code);
        Assert.Equal("panic: oh no", withGarbage.Details);
    }

    [Fact]
    public void ParseError_StderrBesideAnErrorObject_IsKeptInDetails()
    {
        var withDetails = DelegateRunner.ParseError("macvlan", CniCommand.Add, new PluginOutput(1, Encoding.UTF8.GetBytes("""{"code":7,"msg":"bad master","details":"eth9"}"""), "netlink: no such device\n"));
        var withoutDetails = DelegateRunner.ParseError("macvlan", CniCommand.Add, new PluginOutput(1, Encoding.UTF8.GetBytes("""{"code":7,"msg":"bad master"}"""), new string('x', 5000)));

        Assert.Equal(new CniError(7, "bad master", "eth9; stderr: netlink: no such device"), withDetails);
        Assert.StartsWith("stderr: …x", withoutDetails.Details, StringComparison.Ordinal);
        Assert.Equal("stderr: …".Length + 2048, withoutDetails.Details!.Length);
    }
}
