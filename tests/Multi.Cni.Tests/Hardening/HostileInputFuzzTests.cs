using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using Multi.Cni;
using Multi.Cni.Tests.Support;
using Multi.Testing;

namespace Multi.Cni.Tests.Hardening;

/// <summary>
/// The promise of cni-protocol.md, section 3, under fuzzing (issue #11): for every generated environment, stdin,
/// annotation and NAD config, the dispatcher (the binary's code path, with a fake executor and a fake API server)
/// ends with exit status 0 or 1, one JSON object on stdout for a failure, never code 999, no stack trace on stderr,
/// and within 5 s. A failure prints the input and the seed to replay.
/// </summary>
public sealed class HostileInputFuzzTests : IDisposable
{
    private const int Iterations = 10_000;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    // tmpfs when there is one: the cache's flushes cost nothing there, and 10,000 runs stay well under a minute.
    private readonly TempDir dir = new(Directory.Exists("/dev/shm") ? "/dev/shm" : null);

    public void Dispose() => dir.Dispose();

    [Fact]
    public async Task Run_HostileInputs_AlwaysOneCniOutcomeWithoutCode999WithinTheBound()
    {
        var fifo = dir["fifo"];
        Assert.Equal(0, (await Multi.Sandbox.Host.HostCommand.RunAsync("mkfifo", fifo)).ExitCode);
        Directory.CreateDirectory(dir["a-directory"]);
        var inputs = new HostileInputs(dir["cache"], fifo, dir["a-directory"], "/fake/kubeconfig");
        var slowest = TimeSpan.Zero;
        var total = TimeSpan.Zero;
        var codes = new Dictionary<uint, int>();

        inputs.Input.Sample(
            input =>
            {
                var (stdout, stderr, exitCode, elapsed) = Run(input);
                slowest = elapsed > slowest ? elapsed : slowest;
                total += elapsed;

                Assert.True(elapsed < Bound, $"took {elapsed}");
                Assert.True(exitCode is 0 or 1, $"exit status {exitCode}");
                Assert.DoesNotContain("\n   at ", stderr, StringComparison.Ordinal);
                if (exitCode == 1)
                {
                    var error = ParseOneObject(stdout);
                    var code = error["code"]!.GetValue<uint>();
                    Assert.True(code != 999, $"code 999: {error["msg"]}");
                    Assert.True(code is (> 0 and < 12) or 50 or 51 or (>= 100 and < 140), $"unknown code {code}");
                    Assert.False(string.IsNullOrEmpty(error["msg"]?.GetValue<string>()), "no msg");
                    codes[code] = codes.GetValueOrDefault(code) + 1;
                }
                else if (stdout.Length > 0)
                {
                    ParseOneObject(stdout);
                }
            },
            iter: Iterations,
            threads: 1); // one thread: inputs share the cache directory and its entry locks

        TestContext.Current.TestOutputHelper?.WriteLine($"{Iterations} inputs, {total.TotalSeconds:0.0} s in the dispatcher, slowest {slowest.TotalMilliseconds:0} ms; codes {string.Join(", ", codes.OrderBy(c => c.Key).Select(c => $"{c.Key}×{c.Value}"))}");
    }

    private (string Stdout, string Stderr, int ExitCode, TimeSpan Elapsed) Run(HostileInput input)
    {
        var api = new FakeKubeApi();
        api.AddPod("default", "web", "u", $$"""{"k8s.v1.cni.cncf.io/networks":{{input.AnnotationLiteral}}}""");
        api.AddNad("default", "n1", input.NadConfigLiteral);
        api.Objects["/apis/k8s.cni.cncf.io/v1/namespaces/default/network-attachment-definitions"] =
            $$"""{"items":[{{api.Objects["/apis/k8s.cni.cncf.io/v1/namespaces/default/network-attachment-definitions/n1"]}}]}""";
        var stderr = new StringWriter();
        var dispatcher = new Dispatcher(new FakePluginExecutor(), new FakeInterfaceProbe(), new FakeRouteEditor(), api, TimeProvider.System, stderr);
        var watch = Stopwatch.StartNew();
        var run = dispatcher.RunAsync(input.Env, input.Stdin);
        if (!run.Wait(Bound))
        {
            Assert.Fail($"no answer within {Bound}");
        }

        return (run.Result.Stdout, stderr.ToString(), run.Result.ExitCode, watch.Elapsed);
    }

    private static JsonObject ParseOneObject(string stdout)
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
