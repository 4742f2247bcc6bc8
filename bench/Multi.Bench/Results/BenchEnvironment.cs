using System.Runtime.InteropServices;
using Multi.Sandbox.Host;

namespace Multi.Bench.Results;

/// <summary>Where and when the numbers were taken, and the command that reproduces them.</summary>
internal sealed record BenchEnvironment(
    DateTimeOffset Date,
    string Command,
    string Commit,
    string Kernel,
    int Cpus,
    string CpuModel,
    string DotNet,
    string DebianPlugins,
    string NodeNamespace,
    string LoadAtStart)
{
    /// <summary>The 1/5/15-minute load averages when the run ended: other work on the machine shows up here.</summary>
    public string LoadAtEnd { get; init; } = string.Empty;

    public const string RunCommand = "bash bench/run.sh";

    /// <summary>The arguments without the two run.sh adds itself (<c>--state-dir</c>, <c>--results</c>).</summary>
    private static IEnumerable<string> CallerArgs(IReadOnlyList<string> args)
    {
        for (var i = 0; i + 1 < args.Count; i += 2)
        {
            if (args[i] is not ("--state-dir" or "--results"))
            {
                yield return $"{args[i]} {args[i + 1]}";
            }
        }
    }

    /// <summary><paramref name="args"/> are the harness's arguments; those run.sh passes on from its caller are recorded.</summary>
    public static async Task<BenchEnvironment> CollectAsync(TimeProvider clock, string nodeNamespace, IReadOnlyList<string> args) => new(
        clock.GetUtcNow(),
        string.Join(' ', [RunCommand, .. CallerArgs(args)]),
        await OutputAsync("git", "-C", RepoLayout.Root, "rev-parse", "--short", "HEAD").ConfigureAwait(false),
        await OutputAsync("uname", "-r").ConfigureAwait(false),
        Environment.ProcessorCount,
        ReadCpuModel(),
        RuntimeInformation.FrameworkDescription,
        await OutputAsync("dpkg-query", "-W", "-f=${Version}", "containernetworking-plugins").ConfigureAwait(false),
        nodeNamespace,
        LoadAverage());

    /// <summary>The first three fields of <c>/proc/loadavg</c>.</summary>
    public static string LoadAverage()
    {
        const string loadavg = "/proc/loadavg";
        return File.Exists(loadavg) ? string.Join(' ', File.ReadAllText(loadavg).Split(' ').Take(3)) : "unknown";
    }

    private static async Task<string> OutputAsync(string file, params string[] args)
    {
        var result = await HostCommand.RunAsync(file, args).ConfigureAwait(false);
        return result.Succeeded ? result.Stdout.Trim() : "unknown";
    }

    private static string ReadCpuModel()
    {
        const string cpuInfo = "/proc/cpuinfo";
        var line = File.Exists(cpuInfo) ? File.ReadLines(cpuInfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal)) : null;
        return line?[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim() ?? "unknown";
    }
}
