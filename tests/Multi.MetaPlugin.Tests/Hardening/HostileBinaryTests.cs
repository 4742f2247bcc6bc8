using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using Multi.MetaPlugin.Tests.Integration;
using Multi.Sandbox.Host;
using Multi.Testing;

namespace Multi.MetaPlugin.Tests.Hardening;

/// <summary>
/// A sample of the hostile inputs of <c>HostileInputFuzzTests</c> (tests/Multi.Cni.Tests) through the published binary as a process, to
/// prove what only a process shows: the exit status, stdout holding one JSON object and nothing else, no stack trace on
/// stderr, and the end within 5 s. Values an environment cannot carry (NUL, lone surrogates, over 100 KiB) are left out.
/// </summary>
public sealed class HostileBinaryTests : IDisposable
{
    private const int Iterations = 300;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);
    private static readonly string[] Variables = ["CNI_COMMAND", "CNI_CONTAINERID", "CNI_NETNS", "CNI_IFNAME", "CNI_ARGS", "CNI_PATH"];
    private readonly TempDir dir = new(Directory.Exists("/dev/shm") ? "/dev/shm" : null);

    public void Dispose() => dir.Dispose();

    [Fact]
    public async Task Binary_HostileInputs_ExitsZeroOrOneWithOneJsonObjectAndNoStackTrace()
    {
        var multi = RepoLayout.RequireMultiBinary();
        var fifo = dir["fifo"];
        Assert.Equal(0, (await HostCommand.RunAsync("mkfifo", fifo)).ExitCode);
        Directory.CreateDirectory(dir["a-directory"]);
        var inputs = new HostileInputs(dir["cache"], fifo, dir["a-directory"], "/nonexistent/kubeconfig").Input.Where(i => Environment(i) is not null);
        var slowest = TimeSpan.Zero;

        await inputs.SampleAsync(
            async input =>
            {
                var watch = Stopwatch.StartNew();
                var result = await HostCommand.RunAsync(multi, [], input.Stdin, Environment(input), timeout: Bound);
                slowest = watch.Elapsed > slowest ? watch.Elapsed : slowest;

                Assert.True(result.ExitCode is 0 or 1, $"exit status {result.ExitCode}; stderr {result.Stderr}");
                Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
                Assert.DoesNotContain("Unhandled exception", result.Stderr, StringComparison.Ordinal);
                if (result.ExitCode == 1 || result.Stdout.Length > 0)
                {
                    var output = OneObject(result.Stdout);
                    if (result.ExitCode == 1)
                    {
                        Assert.NotEqual(999u, output["code"]!.GetValue<uint>());
                    }
                }
            },
            iter: Iterations,
            threads: 1);

        TestContext.Current.TestOutputHelper?.WriteLine($"{Iterations} processes, slowest {slowest.TotalMilliseconds:0} ms");
    }

    /// <summary>The input's variables for a process, or null when a value cannot be passed through an environment.</summary>
    private static Dictionary<string, string?>? Environment(HostileInput input)
    {
        string?[] values = [input.Env.Command, input.Env.ContainerId, input.Env.Netns, input.Env.IfName, input.Env.Args, input.Env.Path];
        if (values.Any(v => v is not null && (v.Contains('\0', StringComparison.Ordinal) || v.Length > 100_000 || Core.Cni.InputLimits.TextError(v) is not null)))
        {
            return null;
        }

        return Variables.Zip(values).ToDictionary(p => p.First, p => p.Second);
    }

    private static JsonObject OneObject(string stdout)
    {
        try
        {
            return JsonNode.Parse(stdout) as JsonObject ?? throw new JsonException("not an object");
        }
        catch (JsonException ex)
        {
            throw new Xunit.Sdk.XunitException($"stdout is not one JSON object ({ex.Message}): {stdout}");
        }
    }
}
