using System.Diagnostics;
using System.Globalization;

namespace Multi.Bench.Operator;

/// <summary>
/// The operator built next to this bench (<c>Multi.Operator.dll</c>), or the executable <c>BENCH_OPERATOR_BINARY</c> names (the
/// NativeAOT build, artifacts/operator/Multi.Operator), as a process of its own so its memory is its own.
/// </summary>
internal sealed class OperatorProcess : IDisposable
{
    private readonly Process process;

    private OperatorProcess(Process process) => this.process = process;

    /// <summary>What runs: the NativeAOT executable when <c>BENCH_OPERATOR_BINARY</c> is set, else <c>Multi.Operator.dll</c>.</summary>
    public static string Program =>
        Environment.GetEnvironmentVariable("BENCH_OPERATOR_BINARY") is { Length: > 0 } binary ? Path.GetFullPath(binary) : "Multi.Operator.dll";

    public static OperatorProcess Start(string kubeconfig, int probePort, int workers)
    {
        var native = Program != "Multi.Operator.dll";
        var info = new ProcessStartInfo(native ? Program : "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (!native)
        {
            info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Multi.Operator.dll"));
        }

        foreach (var arg in new[]
        {
            "--Operator:Mode=manager", $"--Operator:Kubeconfig={kubeconfig}",
            "--Operator:LeaderElection=false", $"--Operator:ProbeAddress=http://127.0.0.1:{probePort}", $"--Operator:Workers={workers}",
            "--Logging:LogLevel:Default=Warning",
        })
        {
            info.ArgumentList.Add(arg);
        }

        // Extra runtime settings to compare (the Deployment's own are in config/manager/deployment.yaml).
        foreach (var setting in (Environment.GetEnvironmentVariable("BENCH_OPERATOR_ENV") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var pair = setting.Split('=', 2);
            info.Environment[pair[0]] = pair[1];
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("operator: " + e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("operator: " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new OperatorProcess(process);
    }

    /// <summary>Resident set now (VmRSS) and its peak since start (VmHWM), in MiB.</summary>
    public (double Rss, double Peak) Memory() => Multi.Sandbox.Host.ProcessMemory.Read(process.Id);

    public bool HasExited => process.HasExited;

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        process.Dispose();
    }

}
