using System.Text;

namespace Multi.Operator.NodeAgent.Install;

/// <summary>
/// One scan of the host's CNI conf dir: choose the primary (<see cref="PrimaryConfigSelector"/>) and make
/// <c>00-multi.conflist</c> match the choice. Nothing is written before the primary (and the readiness indicator file)
/// exists; the file is removed when the primary is gone, so the runtime finds no configuration rather than one wrapping
/// a network that no longer exists (and the primary's own next file, when it comes back, is wrapped afresh).
/// <paramref name="daemonSocket"/> is the CNI daemon's socket when the daemon is enabled.
/// </summary>
internal sealed class CniConfigInstaller(InstallOptions options, string? daemonSocket = null)
{
    public InstallReport ScanOnce()
    {
        var selection = PrimaryConfigSelector.Select(ReadCandidates(), options.SkipFiles);
        var target = options.ConfigPath;
        if (selection.Problem is not null)
        {
            return Report(CniConfigState.MalformedPrimary, selection, changed: false);
        }

        if (selection.Primary is not { } primary)
        {
            var existed = File.Exists(target);
            File.Delete(target);
            return Report(CniConfigState.NoPrimary, selection, existed);
        }

        if (!string.IsNullOrEmpty(options.ReadinessIndicatorFile) && !File.Exists(options.ReadinessIndicatorFile))
        {
            return Report(CniConfigState.WaitingForReadiness, selection, changed: false);
        }

        var content = Encoding.UTF8.GetBytes(MultiConflist.Render(primary, options, daemonSocket));
        if (AtomicFile.HasContent(target, content))
        {
            return Report(CniConfigState.Wrapped, selection, changed: false);
        }

        AtomicFile.Write(target, content, AtomicFile.Private | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        return Report(CniConfigState.Wrapped, selection, changed: true);
    }

    /// <summary>Removes 00-multi.conflist (uninstall); true when it was there.</summary>
    public bool Remove()
    {
        var existed = File.Exists(options.ConfigPath);
        File.Delete(options.ConfigPath);
        return existed;
    }

    private static InstallReport Report(CniConfigState state, PrimarySelection selection, bool changed) =>
        new(state, selection.Primary?.File, selection.Skipped, selection.Problem, changed);

    private List<CniConfFile> ReadCandidates()
    {
        if (!Directory.Exists(options.CniConfDir))
        {
            return [];
        }

        var files = new List<CniConfFile>();
        foreach (var path in Directory.EnumerateFiles(options.CniConfDir))
        {
            var name = Path.GetFileName(path);
            if (!PrimaryConfigSelector.IsCandidate(name))
            {
                continue;
            }

            try
            {
                files.Add(new CniConfFile(name, File.ReadAllText(path)));
            }
            catch (FileNotFoundException)
            {
                // removed between the listing and the read: it is not there
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                files.Add(new CniConfFile(name, null, ex.Message));
            }
        }

        return files;
    }
}
