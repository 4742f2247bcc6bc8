using Multi.Operator.Tests.Support;

namespace Multi.Operator.Tests.Deployment;

/// <summary>
/// A private containerd with artifacts/image/multi-oci.tar imported by <c>ctr images import</c>, shared by the tests of
/// one class. <see cref="SkipReason"/> says what this machine lacks when it cannot run containers at all.
/// </summary>
public sealed class ImportedImage : IAsyncLifetime
{
    public const string Ref = "ghcr.io/multi-cni/multi:v0.1.0";

    internal PrivateContainerd? Containerd { get; private set; }

    public string? SkipReason { get; private set; }

    public string Digest { get; private set; } = "";

    public string ImportOutput { get; private set; } = "";

    public string ListOutput { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        SkipReason = !File.Exists(OciArchive.Path) ? OciArchive.MissingMessage : PrivateContainerd.Missing();
        if (SkipReason is not null)
        {
            return;
        }

        Digest = OciArchive.Read(OciArchive.Path).ManifestDigest;
        Containerd = await PrivateContainerd.StartAsync();
        var import = await Containerd.Ctr("images", "import", "--snapshotter", PrivateContainerd.Snapshotter, OciArchive.Path);
        ImportOutput = import.Output;
        if (import.ExitCode != 0)
        {
            throw new InvalidOperationException($"ctr images import failed ({import.ExitCode}): {import.Output}");
        }

        ListOutput = (await Containerd.Ctr("images", "ls")).Output;
    }

    /// <summary><c>ctr run --rm</c> of the image; stdout and stderr go to a log file, which is returned with the exit code.</summary>
    internal async Task<ProcessRun> RunAsync(string[] env, params string[] command)
    {
        var id = "multi-" + Guid.NewGuid().ToString("N")[..12];
        var log = Path.Combine(Containerd!.Directory, id + ".log");
        // ctr forwards its stdin to the task and never closes it; a log file gives the task no stdin at all.
        List<string> args = ["run", "--rm", "--snapshotter", PrivateContainerd.Snapshotter, "--log-uri", "file://" + log];
        foreach (var e in env)
        {
            args.AddRange(["--env", e]);
        }

        args.AddRange([Ref, id, .. command]);
        var run = await Containerd.Ctr([.. args]);
        var output = File.Exists(log) ? await File.ReadAllTextAsync(log) : "";
        return run with { Stdout = output, Stderr = run.Output };
    }

    public async ValueTask DisposeAsync()
    {
        if (Containerd is not null)
        {
            await Containerd.DisposeAsync();
        }
    }
}
