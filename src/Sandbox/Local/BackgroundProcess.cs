using System.Globalization;
using Multi.Sandbox.Host;

namespace Multi.Sandbox.Local;

/// <summary>
/// A sandbox process that outlives <c>up</c> (the API server, the operator): started in a new session (setsid) with
/// its output appended to a log file and its pid written to a pid file by the shell that then execs the program (so the
/// pid is the program's). Pids get reused: a process counts as ours only while its command line holds every
/// <paramref name="identity"/> token (a path of this sandbox's state directory among them) and it is not a zombie.
/// </summary>
internal sealed class BackgroundProcess(string name, string pidFile, string logFile, IReadOnlyList<string> identity, TimeProvider time)
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    /// <summary>Writes <c>$$</c> atomically (pollers never read it half-written), then becomes the program.</summary>
    private const string WritePidThenExec = "pid=$1; shift; echo $$ >\"$pid.tmp\" && mv \"$pid.tmp\" \"$pid\" && exec \"$@\"";

    public string LogFile => logFile;

    /// <summary>
    /// Starts <paramref name="command"/> (again, after it died: the stale pid file goes first) and waits until
    /// <paramref name="ready"/> holds; fails with the log's tail when the process dies or the time is up.
    /// </summary>
    public async Task StartAsync(IReadOnlyList<string> command, Func<CancellationToken, Task<bool>> ready, TimeSpan timeout, CancellationToken cancellationToken)
    {
        File.Delete(pidFile);
        (await HostCommand.RunAsync(
            "sh",
            ["-c", "log=$1; shift; exec setsid -f \"$@\" </dev/null >>\"$log\" 2>&1", "sh", logFile, "sh", "-c", WritePidThenExec, "sh", pidFile, .. command],
            cancellationToken: cancellationToken).ConfigureAwait(false)).EnsureSuccess();
        var deadline = time.GetUtcNow() + timeout;
        while (!await ready(cancellationToken).ConfigureAwait(false))
        {
            if (time.GetUtcNow() > deadline || (File.Exists(pidFile) && !IsAlive()))
            {
                throw new TimeoutException($"the {name} did not come up within {timeout.TotalSeconds} s; see {logFile}:\n{Tail()}");
            }

            await Task.Delay(Poll, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Whether the process named by the pid file is running and is ours.</summary>
    public bool IsAlive() => Pid() is { } pid && IsOurs(pid);

    /// <summary>Every live process that is ours, pid file or not (what <c>down</c> must not leave behind).</summary>
    public IReadOnlyList<int> Survivors() => Directory.EnumerateDirectories("/proc")
        .Select(d => int.TryParse(Path.GetFileName(d), CultureInfo.InvariantCulture, out var pid) ? pid : 0)
        .Where(pid => pid > 0 && IsOurs(pid))
        .Order()
        .ToList();

    /// <summary>SIGTERM, a bounded wait, then SIGKILL. True when the process is gone (or never ran).</summary>
    public async Task<bool> StopAsync()
    {
        if (Pid() is not { } pid || !IsOurs(pid))
        {
            return true;
        }

        var pidText = pid.ToString(CultureInfo.InvariantCulture);
        await HostCommand.RunAsync("kill", "-TERM", pidText).ConfigureAwait(false);
        for (var waited = TimeSpan.Zero; waited < StopTimeout && IsOurs(pid); waited += Poll)
        {
            await Task.Delay(Poll, time).ConfigureAwait(false);
        }

        if (IsOurs(pid))
        {
            await HostCommand.RunAsync("kill", "-KILL", pidText).ConfigureAwait(false);
            await Task.Delay(2 * Poll, time).ConfigureAwait(false);
        }

        return !IsOurs(pid);
    }

    public int? Pid() => File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture, out var pid) ? pid : null;

    private bool IsOurs(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..].FirstOrDefault();
            var cmdline = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0');
            return state is not ('Z' or 'X') && identity.All(cmdline.Contains);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private string Tail() => File.Exists(logFile) ? string.Join('\n', File.ReadLines(logFile).TakeLast(20)) : "(no log)";
}
