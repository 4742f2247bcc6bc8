using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Multi.Bench.Reclaim;

/// <summary>
/// The operator built next to this bench (<c>Multi.Operator.dll</c>, manager mode, no leader election) as a process of its
/// own, so that its memory is its own; the audit's log lines are kept with the time they arrived.
/// </summary>
internal sealed class OperatorProcess : IDisposable
{
    private readonly Process process;

    private OperatorProcess(Process process, long started)
    {
        this.process = process;
        Started = started;
    }

    /// <summary>When the process was started (<see cref="Stopwatch"/> ticks).</summary>
    public long Started { get; }

    /// <summary>Every <c>audited pool …</c> line the operator logged, with the time it was read.</summary>
    public ConcurrentQueue<(long At, string Line)> AuditLines { get; } = new();

    public bool HasExited => process.HasExited;

    public static OperatorProcess Start(string kubeconfig, int probePort, int workers, TimeSpan grace, TimeSpan auditInterval)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "Multi.Operator.dll"), "--Operator:Mode=manager", $"--Operator:Kubeconfig={kubeconfig}",
            "--Operator:LeaderElection=false", $"--Operator:ProbeAddress=http://127.0.0.1:{probePort}", $"--Operator:Workers={workers}",
            $"--Operator:ReclaimGrace={grace.ToString("c", CultureInfo.InvariantCulture)}",
            $"--Operator:AuditInterval={auditInterval.ToString("c", CultureInfo.InvariantCulture)}",
            "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Multi.Operator.Controllers.Reclaim.PoolAuditor=Information",
            "--Logging:Console:FormatterName=simple", "--Logging:Console:FormatterOptions:SingleLine=true",
        })
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var setting in (Environment.GetEnvironmentVariable("BENCH_OPERATOR_ENV") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var pair = setting.Split('=', 2);
            info.Environment[pair[0]] = pair[1];
        }

        var started = Stopwatch.GetTimestamp();
        var process = Process.Start(info)!;
        var op = new OperatorProcess(process, started);
        process.OutputDataReceived += (_, e) => op.Line(e.Data);
        process.ErrorDataReceived += (_, e) => op.Line(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return op;
    }

    /// <summary>Resident set now (VmRSS) and its peak since start (VmHWM), in MiB.</summary>
    public (double Rss, double Peak) Memory() => Multi.Sandbox.Host.ProcessMemory.Read(process.Id);

    /// <summary>User plus system CPU time the process has used so far.</summary>
    public TimeSpan CpuTime()
    {
        process.Refresh();
        return process.TotalProcessorTime;
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        process.Dispose();
    }

    private void Line(string? line)
    {
        if (line is null)
        {
            return;
        }

        if (line.Contains("audited pool", StringComparison.Ordinal))
        {
            AuditLines.Enqueue((Stopwatch.GetTimestamp(), line));
        }
        else
        {
            Console.Error.WriteLine("operator: " + line);
        }
    }

}
